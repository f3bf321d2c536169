"""Who may do what on the unit tree: the rules every other permission is built on.

A role held on a unit covers that unit's whole subtree. Roles rank
viewer < reporter < manager < admin; a higher role can do what a lower one can.

- view a unit: any role covering it.
- report for a unit: reporter (or higher) covering it.
- manage a unit (create directives and tasks there, set targets): manager covering it.
- see a ranking of peers: any role covering the peers' parent or one of the peers.

The rules on tasks and directives, and `may` for a unit or a task, are built on these in
steerco.directives.permissions.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias

from django.db.models import Q

from steerco.lib.compiled import run_compiled
from steerco.lib.rows import get_row

from .models import ROLE_LEVEL, SEGMENT, Membership, Role, Unit, UnitKind, path_upper_bound

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# Whom a permission question is asked about: a user of the AUTH_USER_MODEL or the anonymous
# visitor, as `request.user` is. Every rule, view helper and selector types its `user` so.
UserLike: TypeAlias = "User | AnonymousUser"

# How far below the units of a user's roles the forms' unit lists reach.
FORM_DEPTH = 1


class Action(StrEnum):
    VIEW = "view"
    REPORT = "report"
    MANAGE = "manage"
    ADMINISTER = "administer"


_NEEDED = {
    Action.VIEW: ROLE_LEVEL[Role.VIEWER],
    Action.REPORT: ROLE_LEVEL[Role.REPORTER],
    Action.MANAGE: ROLE_LEVEL[Role.MANAGER],
    Action.ADMINISTER: ROLE_LEVEL[Role.ADMIN],
}


def grants(user: UserLike) -> list[tuple[str, int]]:
    """(unit path, role level) for each of the user's memberships, cached on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_steerco_grants", None)
    if cached is None:
        rows = run_compiled(  # compiled once: every signed-in request asks
            "grants",
            lambda user_id: (
                Membership.objects.filter(user_id=user_id)
                .values_list("unit__path", "role", "unit__kind", "unit_id")
                .order_by("pk")
            ),
            {"user_id": user.pk},
        )
        cached = [(path, ROLE_LEVEL[Role(role)]) for path, role, _kind, _id in rows]
        user._steerco_grants = cached  # type: ignore[attr-defined]  # kept for the request
        user._steerco_granted_kinds = {path: kind for path, _role, kind, _id in rows}  # type: ignore[attr-defined]
        user._steerco_granted_units = {path: unit_id for path, _r, _k, unit_id in rows}  # type: ignore[attr-defined]
    return cached


def granted_kinds(user: UserLike) -> dict[str, str]:
    """The kind (UnitKind) of each unit the user holds a role on, by path: read with the
    roles by `grants`, so asking it costs no query."""
    if not grants(user):
        return {}
    return dict(getattr(user, "_steerco_granted_kinds", {}))


def granted_paths(user: UserLike, action: Action | str) -> list[str]:
    """The paths of the units on which the user holds a role allowing `action` (it covers
    their subtrees too). Superusers hold no grants: callers treat them first."""
    needed = _NEEDED[Action(action)]
    return [path for path, level in grants(user) if level >= needed]


def level_on(user: UserLike, unit_path: str) -> int:
    """The highest role level the user holds over the unit at `unit_path` (0 for none)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return ROLE_LEVEL[Role.ADMIN]
    return max((lvl for path, lvl in grants(user) if unit_path.startswith(path)), default=0)


def covers(user: UserLike, paths: Iterable[str], action: Action | str) -> bool:
    """Whether the user's roles allow `action` on at least one of the units at `paths`."""
    needed = _NEEDED[Action(action)]
    return any(level_on(user, p) >= needed for p in paths)


def may_on_unit(user: UserLike, action: Action | str, unit: Unit) -> bool:
    """May `user` do `action` on `unit` (view it, report for it, manage it, administer it)?"""
    return covers(user, [unit.path], action)


def manages_somewhere(user: UserLike) -> bool:
    """Whether the user manages some unit (so may create directives there)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return bool(granted_paths(user, Action.MANAGE))


def units_with_role(
    user: UserLike,
    action: Action | str,
    *,
    depth: int = FORM_DEPTH,
    within: Unit | None = None,
    communes: bool = True,
) -> list[Unit]:
    """The units on which the user's roles allow `action` — the roots of the tree for a
    superuser — and the units up to `depth` levels below them, by path: "the units I
    manage" (MANAGE), "I report for" (REPORT), "of my roles" (VIEW) as the forms offer them.
    `communes=False` leaves out the communes below those units (a province has about a
    hundred). With `within`, only those inside that unit's subtree or containing it."""
    # One query: a unit's depth is the number of segments in its path.
    if getattr(user, "is_superuser", False) and user.is_active:
        roots, below = Q(depth=1), Q(depth__gt=1, depth__lte=1 + depth)
    else:
        paths = granted_paths(user, action)
        if not paths:
            return []
        roots, below = Q(path__in=paths), Q(pk__in=[])
        for path in paths:
            below |= Q(
                path__gt=path,
                path__lt=path_upper_bound(path),
                depth__lte=len(path) // SEGMENT + depth,
            )
    if not communes:
        below &= ~Q(kind=UnitKind.COMMUNE)
    units = list(Unit.objects.filter(roots | below).order_by("path"))
    if within is not None:
        units = [u for u in units if within.contains(u) or u.contains(within)]
    return units


def may_see_peers(user: UserLike, peers: Iterable[Unit]) -> bool:
    """Peers' rankings are visible to peers and to those above them."""
    peers = list(peers)
    paths = [p.path for p in peers] + [p.path[:-4] for p in peers if p.depth > 1]
    return covers(user, paths, Action.VIEW)


def home_unit(user: User) -> Unit | None:
    """The highest unit the user holds a role on (their default scope)."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.filter(parent__isnull=True).order_by("path").first()
    if not grants(user):  # the roles every request reads already (no query of its own)
        return None
    units: dict[str, int] = user._steerco_granted_units  # type: ignore[attr-defined]
    highest = min(units, key=lambda path: (len(path), path))  # depth, then path
    return get_row(Unit, units[highest])
