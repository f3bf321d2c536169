"""The peer groups the ranking page offers a user: only those whose ranking the user may
see, by the ranking's own rule (units.permissions.may_see_peers: a role covering one of
the peers or their parent), worked out from the user's roles in one small query."""

from __future__ import annotations

from dataclasses import dataclass, field

from steerco.units.models import SEGMENT, Unit, UnitKind
from steerco.units.permissions import Action, UserLike, covers, granted_paths, may_see_peers

KIND_OF_PEERS = {"departments": UnitKind.DEPARTMENT, "communes": UnitKind.COMMUNE}


@dataclass
class PeerChoices:
    kinds: list[str] = field(default_factory=list)  # "provinces", "departments", "communes"
    provinces: dict[str, list[Unit]] = field(default_factory=dict)  # kind -> provinces

    def offers(self, kind: str, parent: Unit | None = None) -> bool:
        if kind not in self.kinds:
            return False
        return parent is None or any(p.pk == parent.pk for p in self.provinces.get(kind, []))


def peer_choices(user: UserLike, provinces: list[Unit]) -> PeerChoices:
    """`provinces`: every province. The departments (or communes) of a province are
    offered when the user's roles cover the province or one of its departments (communes):
    exactly may_see_peers of that peer set."""
    choices = PeerChoices()
    if provinces and may_see_peers(user, provinces):
        choices.kinds.append("provinces")
    # A role on a unit right below a province covers that peer only (a role further down
    # covers no peer): its kind says which peer set it opens.
    level3 = {p for p in granted_paths(user, Action.VIEW) if len(p) == 3 * SEGMENT}
    kinds = dict(Unit.objects.filter(path__in=level3).values_list("path", "kind")) if level3 else {}
    for kind, unit_kind in KIND_OF_PEERS.items():
        opened = {path[: 2 * SEGMENT] for path, k in kinds.items() if k == unit_kind}
        offered = [p for p in provinces if p.path in opened or covers(user, [p.path], Action.VIEW)]
        if offered:
            choices.kinds.append(kind)
            choices.provinces[kind] = offered
    return choices
