"""Access helpers: one per object kind, for the web pages and the API alike. Each loads
the object with what its page or endpoint needs, and asks
steerco.directives.permissions.may. (steerco/web/access.py imports them under the same
names for the pages.)

An id must not tell whether something exists: what the user may not see answers 404,
exactly as what does not exist (same exception, same message). 403, with a message
saying why, is kept for what the user may see but whose action their role does not
cover (a viewer opening a task's report form). Units are the exception: their codes
are public official codes (see unit_for_user)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from steerco.directives.models import Directive, Task
from steerco.directives.permissions import Action, may, reporting_unit, visible_directives_q
from steerco.lib.rows import get_row
from steerco.progress.models import EvidenceFile, Extension
from steerco.units.models import Unit
from steerco.units.permissions import home_unit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def unit_for_user(user: User, unit_ref: str | None, action: str = Action.VIEW) -> Unit:
    """A unit by code; the user's home unit when `unit_ref` is empty (a page's default
    scope)."""
    if unit_ref in (None, ""):
        unit = home_unit(user)
        if unit is None:
            raise _deny(_("Your account has no role on any unit yet. Ask an administrator."))
        return _covered(user, unit, action)
    return unit_by_code(user, unit_ref, action)


def unit_by_code(user: User, code: str | None, action: str = Action.VIEW) -> Unit:
    """The unit a parameter names by code, never a default: no code or an unknown one is
    not found."""
    unit = Unit.objects.filter(code=str(code)).first() if code else None
    if unit is None:
        raise Http404(_("No such unit."))
    return _covered(user, unit, action)


def unit_param(value: str | None) -> Unit | None:
    """The unit a query parameter names by its public code, no role asked (the page asks
    its own rule on what it shows): None when the parameter is absent or empty; a code that
    names no unit is not found, never quietly ignored."""
    if value in (None, ""):
        return None
    unit = Unit.objects.filter(code=str(value)).first()
    if unit is None:
        raise Http404(_("No such unit."))
    return unit


def unit_by_id(user: User, value: str | int | None, action: str = Action.VIEW) -> Unit:
    """The unit a form names by id (a select's value): anything but a unit's id is not
    found."""
    try:
        unit = Unit.objects.filter(pk=int(str(value))).first()
    except ValueError:
        unit = None
    if unit is None:
        raise Http404(_("No such unit."))
    return _covered(user, unit, action)


def _covered(user: User, unit: Unit, action: str) -> Unit:
    # A unit outside the user's roles answers 403 naming it, an unknown code 404. That
    # tells which codes exist, and it is no leak: unit codes are public (the official
    # administrative codes of provinces and communes; central bodies and departments coded
    # from the public organisation chart, see units/loading.py).
    if not may(user, action, unit):
        raise _deny(_("Your roles do not cover %(unit)s.") % {"unit": unit.name})
    return unit


def _task(queryset: QuerySet[Task], task_id: int) -> Task:
    # get(), not filter().first(): first() orders by Task's default ordering, and compiling
    # that ORDER BY against a wide select_related was the largest CPU cost of a task request.
    try:
        return queryset.get(pk=task_id)
    except Task.DoesNotExist:
        raise _no_such_task() from None


def _no_such_task() -> Http404:
    """The one answer for a task id that does not exist and for one the user may not see."""
    return Http404(_("No such task."))


def _refuse_task(user: User, task: Task) -> Exception:
    """Why `user` may not act on `task`: 404 when they may not even view it, 403 when they
    see it but their roles do not cover the action."""
    if not may(user, Action.VIEW, task):
        return _no_such_task()
    return _deny(_("This task is outside the units your roles cover."))


def task_for_user(user: User, task_id: int, action: str = Action.VIEW) -> Task:
    task = _task(
        Task.objects.select_related(
            "directive", "lead_unit", "assigned_by", "parent", "parent__directive"
        ).prefetch_related(Prefetch("coordinating_units", queryset=Unit.objects.order_by("path"))),
        task_id,
    )
    if not may(user, action, task):
        raise _refuse_task(user, task)
    return task


def task_param(user: User, value: str | None) -> Task | None:
    """The task a query parameter names (an id) that the user may view: None when the
    parameter is absent or empty; anything else is not found, like a task id in a path."""
    if value in (None, ""):
        return None
    try:
        task_id = int(str(value))
    except ValueError:
        raise _no_such_task() from None
    return task_for_user(user, task_id)


def task_to_report(user: User, task_id: int) -> tuple[Task, Unit]:
    """A task the user may report on, and the unit the update speaks for: the lead unit
    when the user's roles cover it for reporting, otherwise the first coordinating unit
    (by path) they cover.

    The rule is `directives.permissions.reporting_unit`: the common report by the lead
    unit costs one query here, not two.
    """
    task = get_row(Task, task_id, related=("directive", "lead_unit"))
    if task is None:
        raise _no_such_task()
    unit = reporting_unit(user, task)
    if unit is None:
        raise _refuse_task(user, task)
    return task, unit


def directive_for_user(user: User, directive_id: int) -> Directive:
    """A directive is visible to whoever may view its issuer or any of its tasks; the
    central level's directives to every user holding a role. One the user may not see
    is not found, like one that does not exist."""
    directive = (
        Directive.objects.select_related("issuer", "implements").filter(pk=directive_id).first()
    )
    if directive is not None and may(user, Action.VIEW, directive.issuer):
        return directive
    if (
        directive is not None
        and Directive.objects.filter(pk=directive.pk).filter(visible_directives_q(user)).exists()
    ):
        return directive
    raise Http404(_("No such directive."))


def directive_param(user: User, value: str | None) -> Directive | None:
    """The directive a page's `directive` query parameter names (an id): None when the
    parameter is absent or empty. Anything else that is not a directive the user may open
    (not a number, no such directive, another province's) is not found — never quietly
    ignored, which would widen the page to all directives."""
    if value in (None, ""):
        return None
    try:
        directive_id = int(str(value))
    except ValueError:
        raise Http404(_("No such directive.")) from None
    return directive_for_user(user, directive_id)


def extension_for_user(user: User, extension_id: int, action: str = Action.MANAGE) -> Extension:
    extension = (
        Extension.objects.select_related(
            "task", "task__directive", "task__lead_unit", "task__assigned_by"
        )
        .filter(pk=extension_id)
        .first()
    )
    if extension is not None and may(user, action, extension.task):
        return extension
    if extension is None or not may(user, Action.VIEW, extension.task):
        raise Http404(_("No such extension request."))  # also for a task the user may not see
    raise _deny(_("Only a manager of the assigning unit decides this extension."))


def evidence_for_user(user: User, file_id: int) -> EvidenceFile:
    """An evidence file, for whoever may view its task; for anyone else, not found."""
    evidence = (
        EvidenceFile.objects.select_related("update__task__lead_unit", "update__task__assigned_by")
        .filter(pk=file_id)
        .first()
    )
    if evidence is None or not may(user, Action.VIEW, evidence.update.task):
        raise Http404(_("No such file."))
    return evidence
