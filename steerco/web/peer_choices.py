"""The peer groups the ranking page offers a user: only those whose ranking the user may
see, by the ranking's own rule (units.permissions.may_see_peers: a role covering one of
the peers or their parent).

`peer_kinds` answers from the user's roles alone (no query): the menu asks it to show the
ranking entry, and `peer_choices` narrows it to the provinces the page offers, so the menu
and the page cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

from steerco.units.models import SEGMENT, Unit, UnitKind
from steerco.units.permissions import Action, UserLike, covers, granted_kinds

KIND_OF_PEERS = {"departments": UnitKind.DEPARTMENT, "communes": UnitKind.COMMUNE}
PEER_KINDS = ("provinces", "departments", "communes")  # the ranking form's order


@dataclass
class PeerChoices:
    kinds: list[str] = field(default_factory=list)  # "provinces", "departments", "communes"
    provinces: dict[str, list[Unit]] = field(default_factory=dict)  # kind -> provinces

    def offers(self, kind: str, parent: Unit | None = None) -> bool:
        if kind not in self.kinds:
            return False
        return parent is None or any(p.pk == parent.pk for p in self.provinces.get(kind, []))

    def default_parent(self, kind: str, home: Unit | None) -> Unit | None:
        """The province whose departments or communes a ranking of `kind` shows when none
        is asked: the home unit's, else the first one offered (None for the provinces)."""
        offered = self.provinces.get(kind, [])
        mine = [p for p in offered if home is not None and p.contains(home)]
        return next(iter(mine or offered), None)


def peer_kinds(user: UserLike) -> list[str]:
    """The peer groups whose ranking `user` may see, from their roles alone: may_see_peers
    on this tree, where the provinces are the root's children and a province's
    departments and communes are its children. A role on the root or on a province sees
    all three; on a department, its province's departments; on a commune, its province's
    communes; on anything else (a ministry, a central body, a former province) none."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return list(PEER_KINDS)
    seen: set[str] = set()
    for path, kind in granted_kinds(user).items():
        depth = len(path) // SEGMENT
        if depth == 1 or kind == UnitKind.PROVINCE:
            return list(PEER_KINDS)
        if depth == 3:
            seen |= {name for name, peer in KIND_OF_PEERS.items() if peer == kind}
    return [kind for kind in PEER_KINDS if kind in seen]


def peer_choices(user: UserLike, provinces: list[Unit]) -> PeerChoices:
    """`provinces`: every province. The departments (or communes) of a province are
    offered when the user's roles cover the province or one of its departments (communes):
    exactly may_see_peers of that peer set."""
    choices = PeerChoices()
    kinds = peer_kinds(user)
    if provinces and "provinces" in kinds:
        choices.kinds.append("provinces")
    # A role on a unit right below a province covers that peer only (a role further down
    # covers no peer): its kind says which peer set it opens.
    below = {path: k for path, k in granted_kinds(user).items() if len(path) == 3 * SEGMENT}
    for kind, unit_kind in KIND_OF_PEERS.items():
        if kind not in kinds:
            continue
        opened = {path[: 2 * SEGMENT] for path, k in below.items() if k == unit_kind}
        offered = [p for p in provinces if p.path in opened or covers(user, [p.path], Action.VIEW)]
        if offered:
            choices.kinds.append(kind)
            choices.provinces[kind] = offered
    return choices
