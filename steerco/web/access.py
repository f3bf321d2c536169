"""Access helpers: one per object kind. Each loads the object with what its page
needs, and answers 404 when it does not exist and 403 when the user's roles do not
cover it (through steerco.units.permissions.may)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from steerco.directives.models import Directive, Task
from steerco.progress.models import EvidenceFile, Extension
from steerco.units.models import Unit, UnitKind, path_upper_bound
from steerco.units.permissions import Action, grants, may, visible_tasks_q

CENTRAL_KINDS = (UnitKind.CENTRAL, UnitKind.MINISTRY)


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def unit_for_user(user, unit_ref: str | None, action: str = Action.VIEW) -> Unit:  # type: ignore[no-untyped-def]
    """A unit by code; the user's home unit when `unit_ref` is empty."""
    from steerco.units.permissions import home_unit

    if unit_ref in (None, ""):
        unit = home_unit(user)
        if unit is None:
            raise _deny(_("Your account has no role on any unit yet. Ask an administrator."))
    else:
        unit = Unit.objects.filter(code=str(unit_ref)).first()
        if unit is None:
            raise Http404(_("No such unit."))
    if not may(user, action, unit):
        raise _deny(_("Your roles do not cover %(unit)s.") % {"unit": unit.name})
    return unit


def _task(queryset, task_id: int) -> Task:  # type: ignore[no-untyped-def]
    # get(), not filter().first(): first() orders by Task's default ordering, and compiling
    # that ORDER BY against a wide select_related was the largest CPU cost of a task request.
    try:
        return queryset.get(pk=task_id)
    except Task.DoesNotExist:
        raise Http404(_("No such task.")) from None


def task_for_user(user, task_id: int, action: str = Action.VIEW) -> Task:  # type: ignore[no-untyped-def]
    task = _task(
        Task.objects.select_related(
            "directive", "lead_unit", "assigned_by", "parent", "parent__directive"
        ).prefetch_related(Prefetch("coordinating_units", queryset=Unit.objects.order_by("path"))),
        task_id,
    )
    if not may(user, action, task):
        raise _deny(_("This task is outside the units your roles cover."))
    return task


def task_to_report(user, task_id: int) -> tuple[Task, Unit]:  # type: ignore[no-untyped-def]
    """A task the user may report on, and the unit the update speaks for: the lead unit
    when the user's roles cover it for reporting, otherwise the first coordinating unit
    (by path) they cover.

    The rule is `may(user, REPORT, task)` (reporter on the lead or a coordinating unit),
    asked unit by unit so that the coordinating units are read only when the lead unit
    does not answer: the common report by the lead unit costs one query here, not two.
    """
    task = _task(Task.objects.select_related("directive", "lead_unit"), task_id)
    if may(user, Action.REPORT, task.lead_unit):
        return task, task.lead_unit
    for unit in task.coordinating_units.order_by("path"):
        if may(user, Action.REPORT, unit):
            return task, unit
    raise _deny(_("This task is outside the units your roles cover."))


def directive_for_user(user, directive_id: int) -> Directive:  # type: ignore[no-untyped-def]
    """A directive is visible to whoever may view its issuer or any of its tasks; the
    central level's directives to every user holding a role."""
    directive = (
        Directive.objects.select_related("issuer", "implements").filter(pk=directive_id).first()
    )
    if directive is None:
        raise Http404(_("No such directive."))
    if may(user, Action.VIEW, directive.issuer):
        return directive
    if Directive.objects.filter(pk=directive.pk).filter(visible_directives_q(user)).exists():
        return directive
    raise _deny(_("No task of this directive is within the units your roles cover."))


def visible_directives_q(user) -> Q:  # type: ignore[no-untyped-def]
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


def extension_for_user(user, extension_id: int, action: str = Action.MANAGE) -> Extension:  # type: ignore[no-untyped-def]
    extension = (
        Extension.objects.select_related(
            "task", "task__directive", "task__lead_unit", "task__assigned_by"
        )
        .filter(pk=extension_id)
        .first()
    )
    if extension is None:
        raise Http404(_("No such extension request."))
    if not may(user, action, extension.task):
        raise _deny(_("Only a manager of the assigning unit decides this extension."))
    return extension


def evidence_for_user(user, file_id: int) -> EvidenceFile:  # type: ignore[no-untyped-def]
    """An evidence file, for whoever may view its task."""
    evidence = EvidenceFile.objects.select_related("update").filter(pk=file_id).first()
    if evidence is None:
        raise Http404(_("No such file."))
    task_for_user(user, evidence.update.task_id)
    return evidence
