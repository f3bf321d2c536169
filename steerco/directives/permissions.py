"""Who may do what to a task or a directive: the one `may` every view, endpoint and
command asks, for a unit or a task.

Built on the unit rules of steerco.units.permissions (a role covers its unit's subtree;
viewer < reporter < manager < admin):

- view a task: any role covering its lead unit, a coordinating unit, or the unit that
  assigned it.
- report on a task: reporter (or higher) covering its lead or a coordinating unit.
- manage a task (edit, accept or return a completion, decide an extension, cancel):
  manager covering the unit that assigned it.
- open a directive: any role covering its issuer, any role at all for the central level's
  directives, or a task of it the user may view.
- manage a directive (create its tasks, import a plan into it): manager covering its
  issuer.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from steerco.units.models import Unit, UnitKind, path_upper_bound
from steerco.units.permissions import (
    Action,
    UserLike,
    covers,
    granted_paths,
    grants,
    may_on_unit,
)

from .models import Task

__all__ = [
    "CENTRAL_KINDS",
    "Action",
    "managed_directives_q",
    "may",
    "reporting_unit",
    "visible_directives_q",
    "visible_tasks_q",
]

# Issuers whose directives every unit holding a role reads.
CENTRAL_KINDS = (UnitKind.CENTRAL, UnitKind.MINISTRY)


def may(user: UserLike, action: Action | str, obj: Unit | Task) -> bool:
    """May `user` do `action` to `obj` (a Unit or a Task)?"""
    action = Action(action)
    if isinstance(obj, Unit):
        return may_on_unit(user, action, obj)
    task = obj
    if action == Action.VIEW:
        return covers(user, _task_paths(task, include_assigner=True), action)
    if action == Action.REPORT:
        return covers(user, _task_paths(task, include_assigner=False), action)
    return covers(user, [task.assigned_by.path], action)


def reporting_unit(user: UserLike, task: Task) -> Unit | None:
    """The unit a report by `user` on `task` speaks for: the lead unit when the user's
    roles cover it for reporting, otherwise the first coordinating unit (by path) they
    cover; None when they may not report on the task (`may(user, REPORT, task)` unit by
    unit, so the coordinating units are read only when the lead unit does not answer)."""
    if may(user, Action.REPORT, task.lead_unit):
        return task.lead_unit
    for unit in task.coordinating_units.order_by("path"):
        if may(user, Action.REPORT, unit):
            return unit
    return None


def _task_paths(task: Task, *, include_assigner: bool) -> list[str]:
    paths = [task.lead_unit.path]
    paths += [u.path for u in task.coordinating_units.all()]
    if include_assigner:
        paths.append(task.assigned_by.path)
    return paths


def visible_tasks_q(user: UserLike, prefix: str = "") -> Q:
    """A filter for the tasks `user` may view (lead, coordinating or assigning unit covered).

    `prefix` is prepended to the field names (e.g. "task__")."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
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


def visible_directives_q(user: UserLike) -> Q:
    """The directives `user` may open: those issued within a covered subtree, the
    central level's (read by every unit that holds a role), and those with a task the
    user may view."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    held = grants(user)
    if not held:
        return Q(pk__in=[])
    q = Q(issuer__kind__in=CENTRAL_KINDS)
    for path, _level in held:
        q |= Q(issuer__path__gte=path, issuer__path__lt=path_upper_bound(path))
    visible = Task.objects.filter(directive=OuterRef("pk")).filter(visible_tasks_q(user))
    return q | Q(Exists(visible))


def managed_directives_q(user: UserLike) -> Q:
    """The directives `user` manages: those whose issuer their manager role covers (all for
    a superuser) — `may(user, MANAGE, directive.issuer)` as one filter."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    q = Q(pk__in=[])
    for path in granted_paths(user, Action.MANAGE):
        q |= Q(issuer__path__gte=path, issuer__path__lt=path_upper_bound(path))
    return q
