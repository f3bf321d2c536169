"""Who may do what, where: the one function every view, endpoint and command asks.

A role held on a unit covers that unit's whole subtree. Roles rank
viewer < reporter < manager < admin; a higher role can do what a lower one can.

- view a unit: any role covering it.
- view a task: any role covering its lead unit, a coordinating unit, or the
  unit that assigned it.
- report on a task: reporter (or higher) covering its lead or a coordinating unit.
- manage a task (edit, accept or return a completion, decide an extension,
  cancel): manager covering the unit that assigned it.
- manage a unit (create directives and tasks there, set targets): manager covering it.
- see a ranking of peers: any role covering the peers' parent or one of the peers.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import Q

from .models import ROLE_LEVEL, Membership, Role, Unit, path_upper_bound

if TYPE_CHECKING:
    from steerco.directives.models import Task


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


def grants(user) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """(unit path, role level) for each of the user's memberships, cached on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_steerco_grants", None)
    if cached is None:
        cached = [
            (path, ROLE_LEVEL[Role(role)])
            for path, role in Membership.objects.filter(user=user).values_list("unit__path", "role")
        ]
        user._steerco_grants = cached
    return cached


def level_on(user, unit_path: str) -> int:  # type: ignore[no-untyped-def]
    """The highest role level the user holds over the unit at `unit_path` (0 for none)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return ROLE_LEVEL[Role.ADMIN]
    return max((lvl for path, lvl in grants(user) if unit_path.startswith(path)), default=0)


def _covers(user, paths: Iterable[str], action: Action) -> bool:  # type: ignore[no-untyped-def]
    return any(level_on(user, p) >= _NEEDED[action] for p in paths)


def may(user, action: Action | str, obj: Unit | Task) -> bool:  # type: ignore[no-untyped-def]
    """May `user` do `action` to `obj` (a Unit or a Task)?"""
    action = Action(action)
    if isinstance(obj, Unit):
        return _covers(user, [obj.path], action)
    task = obj
    if action == Action.VIEW:
        return _covers(user, _task_paths(task, include_assigner=True), action)
    if action == Action.REPORT:
        return _covers(user, _task_paths(task, include_assigner=False), action)
    return _covers(user, [task.assigned_by.path], action)


def _task_paths(task: Task, *, include_assigner: bool) -> list[str]:
    paths = [task.lead_unit.path]
    paths += [u.path for u in task.coordinating_units.all()]
    if include_assigner:
        paths.append(task.assigned_by.path)
    return paths


def may_see_peers(user, peers: Iterable[Unit]) -> bool:  # type: ignore[no-untyped-def]
    """Peers' rankings are visible to peers and to those above them."""
    peers = list(peers)
    paths = [p.path for p in peers] + [p.path[:-4] for p in peers if p.depth > 1]
    return _covers(user, paths, Action.VIEW)


def visible_tasks_q(user, prefix: str = "") -> Q:  # type: ignore[no-untyped-def]
    """A filter for the tasks `user` may view (lead, coordinating or assigning unit covered).

    `prefix` is prepended to the field names (e.g. "task__")."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    from steerco.directives.models import Task

    q = Q(pk__in=[])
    for path, _level in grants(user):
        upper = path_upper_bound(path)
        for field in ("lead_unit", "assigned_by"):
            q |= Q(**{f"{prefix}{field}__path__gte": path, f"{prefix}{field}__path__lt": upper})
        coordinated = Task.coordinating_units.through.objects.filter(
            unit__path__gte=path, unit__path__lt=upper
        ).values("task_id")
        q |= Q(**{f"{prefix}pk__in": coordinated})
    return q


def home_unit(user) -> Unit | None:  # type: ignore[no-untyped-def]
    """The highest unit the user holds a role on (their default scope)."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.filter(parent__isnull=True).order_by("path").first()
    membership = (
        Membership.objects.filter(user=user)
        .select_related("unit")
        .order_by("unit__depth", "unit__path")
        .first()
    )
    return membership.unit if membership else None
