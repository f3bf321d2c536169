"""Re-importing a plan: the rows whose reference names an existing task of the directive
update that task instead of duplicating it.

A re-import may change a task's texts and coordinating units and add cascaded sub-tasks;
it never changes a lead unit (the row is rejected) nor a deadline (kept, with a warning:
a deadline moves only by an approved extension). Tasks missing from the file and
cascaded units no longer listed are kept, with a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from steerco.directives.models import Task
from steerco.lib.problems import Problem
from steerco.units.models import Unit

from .plan_rows import PlanRow

if TYPE_CHECKING:
    from .plans import PlanImport


class _DeadlineMoved(Exception):  # noqa: N818 - a signal inside this module
    def __init__(self, task: Task):
        self.task = task


def match_existing(result: PlanImport) -> None:
    """Match the planned rows to the directive's tasks by reference; drop rejected rows."""
    tasks = (
        Task.objects.filter(directive=result.directive)
        .exclude(parent__directive=result.directive)
        .select_related("lead_unit")
        .prefetch_related("coordinating_units")
    )
    by_reference = {t.reference: t for t in tasks}
    subs: set[tuple[int, int]] = set(
        Task.objects.filter(
            directive=result.directive, parent__directive=result.directive
        ).values_list("parent_id", "lead_unit_id")
    )
    for plan in result.rows:
        task = by_reference.get(plan.reference)
        if task is None:
            plan.new_subtasks = list(plan.leads) if plan.cascade else []
            continue
        plan.existing = task
        problem = _compare_keeping_deadline(result, plan, task, subs)
        if problem is not None:
            result.rejected.append(problem)
    _warn_missing(result, by_reference)
    _warn_dropped_subtasks(result, subs)
    rejected_rows = {(p.sheet, p.row) for p in result.rejected}
    result.rows = [r for r in result.rows if (r.sheet, r.row) not in rejected_rows]


def _compare_keeping_deadline(
    result: PlanImport, plan: PlanRow, task: Task, subs: set[tuple[int, int]]
) -> Problem | None:
    """`_compare`; a row that would move the task's deadline keeps it, with a warning."""
    try:
        return _compare(plan, task, result.scope, subs)
    except _DeadlineMoved:
        result.warnings.append(
            Problem(
                plan.sheet,
                plan.row,
                plan.columns.get("deadline"),
                plan.deadline.text if plan.deadline else "",
                _(
                    "task %(ref)s has the deadline %(deadline)s; "
                    "a deadline moves only by an approved extension, so it is kept"
                )
                % {
                    "ref": plan.reference,
                    "deadline": task.deadline_text or task.original_due_on,
                },
            )
        )
        plan.deadline = None
        return _compare(plan, task, result.scope, subs)


def _compare(
    plan: PlanRow, task: Task, scope: Unit, existing_subs: set[tuple[int, int]]
) -> Problem | None:
    """Fill `plan.action`, `plan.changes` and `plan.new_subtasks` against the existing task."""
    lead = scope if plan.cascade else plan.leads[0]
    if task.lead_unit_id != lead.pk:
        return Problem(
            plan.sheet,
            plan.row,
            plan.columns.get("lead"),
            plan.texts.get("lead", ""),
            _(
                "task %(ref)s exists with lead unit %(unit)s; a lead unit cannot be changed by re-importing"
            )
            % {"ref": plan.reference, "unit": task.lead_unit.name},
        )
    texts = plan.texts
    wanted = {
        "content": plan.content,
        "responsible_person": texts.get("person"),
        "expected_product": texts.get("product"),
        "field": texts.get("field"),
        "authority": texts.get("authority"),
        "external_partners": "\n".join(plan.external) if "coordinating" in texts else None,
    }
    if plan.deadline is not None and (
        plan.deadline.due_on != task.original_due_on or plan.deadline.recurring != task.recurring
    ):
        raise _DeadlineMoved(task)
    if plan.deadline is not None:
        wanted["deadline_text"] = plan.deadline.text
    plan.changes = {
        k: v.strip() for k, v in wanted.items() if v is not None and v.strip() != getattr(task, k)
    }
    if "coordinating" in texts:
        current = {u.pk for u in task.coordinating_units.all()}
        if current != {u.pk for u in plan.coordinating}:
            plan.changes["coordinating_units"] = ""
    if plan.cascade:
        plan.new_subtasks = [u for u in plan.leads if (task.pk, u.pk) not in existing_subs]
    plan.action = "update" if plan.changes or plan.new_subtasks else "unchanged"
    return None


def _warn_missing(result: PlanImport, by_reference: dict[str, Task]) -> None:
    """On a re-import, the directive's tasks the file no longer lists."""
    listed = {plan.reference for plan in result.rows}
    missing = sorted(ref for ref in by_reference if ref not in listed)
    if missing and any(plan.existing for plan in result.rows):  # a re-import
        shown = ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
        result.warnings.append(
            Problem(
                None,
                None,
                None,
                "",
                _("%(n)s task(s) of the directive are not in this file: %(refs)s")
                % {"n": len(missing), "refs": shown},
            )
        )


def _warn_dropped_subtasks(result: PlanImport, subs: set[tuple[int, int]]) -> None:
    """The units with a sub-task of a cascaded row that the row no longer lists."""
    subs_by_parent: dict[int, set[int]] = {}
    for parent_id, lead_id in subs:
        subs_by_parent.setdefault(parent_id, set()).add(lead_id)
    for plan in result.rows:
        if plan.existing is not None and plan.cascade:
            dropped = subs_by_parent.get(plan.existing.pk, set()) - {u.pk for u in plan.leads}
            if dropped:
                result.warnings.append(
                    Problem(
                        plan.sheet,
                        plan.row,
                        plan.columns.get("lead"),
                        plan.texts.get("lead", ""),
                        _(
                            "%(n)s unit(s) with a sub-task of %(ref)s are no longer listed; their sub-tasks are kept"
                        )
                        % {"n": len(dropped), "ref": plan.reference},
                    )
                )
