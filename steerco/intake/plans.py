"""Import an action plan's table of tasks into a directive: preview, then commit all or nothing.

The table is found by its header row (`plan_headers`); the rows below it are read into
sections and checked task rows (`plan_rows`); rows whose reference names an existing task
of the directive update it instead of duplicating it (`plan_reimport`). This module holds
the entry points, `plan_preview` and `plan_import`, the result, and the writing; it also
re-exports the names other modules import from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from steerco.audit.models import AuditAction
from steerco.audit.services import summary_record
from steerco.directives.models import Directive, Task
from steerco.directives.responsibility import responsibility_record
from steerco.directives.services import DirectiveError, task_create_many, task_update
from steerco.lib.problems import Problem
from steerco.people.models import Person
from steerco.units.models import Unit

from .deadlines import Deadline
from .plan_headers import COLUMN_RULES, HEADER_SCAN_ROWS, LABELS, REQUIRED, column_key, find_header
from .plan_money import estimates_create, province_paths
from .plan_people import match_people, responsibilities_create
from .plan_reimport import match_existing
from .plan_rows import PlanRow, RowPlanner, Sections
from .readers import Sheet, read_table

__all__ = [
    "COLUMN_RULES",
    "DEFAULT_CADENCE",
    "HEADER_SCAN_ROWS",
    "LABELS",
    "REQUIRED",
    "PlanError",
    "PlanImport",
    "PlanRow",
    "Problem",
    "column_key",
    "find_header",
    "plan_import",
    "plan_preview",
]

DEFAULT_CADENCE = "quarter"  # a recurring task whose text names no cadence ("Thường xuyên")


class PlanError(ValueError):
    """The file as a whole cannot be imported (no header row, wrong type, too large)."""


@dataclass
class PlanImport:
    directive: Directive
    scope: Unit
    file_name: str
    rows: list[PlanRow] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    committed: bool = False
    assigned_by: Unit | None = None  # the unit the new tasks are assigned by (the issuer)

    @property
    def created(self) -> int:
        return sum(r.action == "create" for r in self.rows)

    @property
    def updated(self) -> int:
        return sum(r.action == "update" for r in self.rows)

    @property
    def unchanged(self) -> int:
        return sum(r.action == "unchanged" for r in self.rows)

    @property
    def cascaded(self) -> int:
        return sum(len(r.new_subtasks) for r in self.rows)

    def as_dict(self) -> dict[str, object]:
        return {
            "created": self.created,
            "updated": self.updated,
            "cascaded": self.cascaded,
            "officials_linked": sum(r.person is not None for r in self.rows),
            "estimated": sum(r.cost or 0 for r in self.rows),
            "warnings": [w.as_dict() for w in self.warnings],
            "rejected": [p.as_dict() for p in self.rejected],
        }


def plan_preview(*, directive: Directive, within: Unit, name: str, data: bytes) -> PlanImport:
    """What importing the file would create, update and reject. Writes nothing."""
    result = PlanImport(directive=directive, scope=within, file_name=name)
    sheets = read_table(name, data)
    planner = RowPlanner(result)
    headed = 0
    previous: tuple[Sheet, dict[str, int], Sections] | None = None
    for sheet in sheets:
        found = find_header(sheet)
        filled = sum(1 for row in sheet.rows if any(row))
        if found is not None:
            headed += 1
            start, mapping = found
            previous = (sheet, mapping, planner.sheet(sheet, start, mapping))
        elif previous and sheet.rows and len(sheet.rows[0]) == len(previous[0].rows[0]):
            # A Word table broken across pages into several tables: same columns, no header.
            result.warnings.append(
                Problem(
                    sheet.name,
                    None,
                    None,
                    "",
                    _("no header row; read with the columns of %(sheet)s")
                    % {"sheet": previous[0].name},
                )
            )
            previous = (previous[0], previous[1], planner.sheet(sheet, 0, previous[1], previous[2]))
        elif filled > 1:
            result.warnings.append(
                Problem(sheet.name, None, None, "", _("no header row found; skipped"))
            )
    if not headed:
        raise PlanError(
            _(
                "%(name)s: no table with a header row was found; the header needs at least the "
                "columns “Nội dung nhiệm vụ” (task) and “Cơ quan chủ trì” (lead unit)"
            )
            % {"name": name}
        )
    limit = settings.STEERCO_IMPORT_MAX_ROWS
    if len(result.rows) + len(result.rejected) > limit:
        raise PlanError(
            _("%(name)s: more than %(limit)s task rows; split the file")
            % {"name": name, "limit": f"{limit:,}"}
        )
    match_existing(result)
    match_people(result)
    return result


def plan_import(
    *,
    directive: Directive,
    within: Unit,
    name: str,
    data: bytes,
    commit: bool = False,
    assigned_by: Unit | None = None,
) -> PlanImport:
    """Preview the import and, with `commit`, write every row or none (none if any row is rejected).

    New tasks are assigned by `assigned_by` — the caller's checked unit (the web passes the
    directive's issuer after checking the uploader manages it); the directive's issuer when
    omitted (the command line, run by an operator). Cascaded sub-tasks are assigned by
    their parent's lead unit, `within`."""
    result = plan_preview(directive=directive, within=within, name=name, data=data)
    result.assigned_by = assigned_by or directive.issuer
    if not commit or result.rejected:
        return result
    try:
        with transaction.atomic():
            _write(result)
            _audit(result)
    except DirectiveError as exc:
        result.rejected.append(Problem(None, None, exc.field, "", str(exc)))
        return result
    result.committed = True
    return result


def _schedule(deadline: Deadline | None) -> dict[str, Any]:
    if deadline is None:
        return {"deadline_text": "", "due_on": None, "recurring": False, "cadence": ""}
    return {
        "deadline_text": deadline.text,
        "due_on": deadline.due_on,
        "recurring": deadline.recurring,
        "cadence": (deadline.cadence or DEFAULT_CADENCE) if deadline.recurring else "",
    }


def _spec(plan: PlanRow, result: PlanImport) -> dict[str, Any]:
    """task_create's keyword arguments for a plan row's (parent) task."""
    texts = plan.texts
    return {
        "directive": result.directive,
        "reference": plan.reference,
        "lead_unit": result.scope if plan.cascade else plan.leads[0],
        "coordinating_units": plan.coordinating,
        "assigned_on": result.directive.issued_on,
        "assigned_by": result.assigned_by,
        "content": plan.content,
        "responsible_person": plan.person.full_name if plan.person else texts.get("person", ""),
        "expected_product": texts.get("product", ""),
        "field": texts.get("field", "")[:64],
        "authority": texts.get("authority", "")[:255],
        "external_partners": "\n".join(plan.external),
        **_schedule(plan.deadline),
    }


def _subtask_spec(plan: PlanRow, result: PlanImport, parent: Task, unit: Unit) -> dict[str, Any]:
    spec = _spec(plan, result)
    spec.update(
        lead_unit=unit,
        parent=parent,
        responsible_person=plan.texts.get("person", ""),
        assigned_by=parent.lead_unit,
        deadline_text=parent.deadline_text,
        due_on=parent.original_due_on,
        recurring=parent.recurring,
        cadence=parent.cadence,
    )
    return spec


def _audit(result: PlanImport) -> None:
    """One audit event for the import: its new tasks are bulk-inserted, past the model
    signals that record a change one row at a time (its updates of existing tasks go
    through task_update and are recorded there)."""
    summary_record(
        action=AuditAction.PLAN_IMPORTED,
        obj=result.directive,
        counts={
            "created": result.created,
            "cascaded": result.cascaded,
            "updated": result.updated,
            "file": result.file_name,
            "within": f"{result.scope.name} ({result.scope.code})",
        },
    )


def _write(result: PlanImport) -> None:
    new = [plan for plan in result.rows if plan.existing is None]
    parents = dict(
        zip(
            (id(p) for p in new),
            task_create_many(specs=[_spec(p, result) for p in new]),
            strict=True,
        )
    )
    subtasks = []
    links: list[tuple[Task, Person]] = []
    costs: list[tuple[Task, int, str | None]] = []
    for plan in result.rows:
        task = plan.existing or parents[id(plan)]
        if plan.person is not None and plan.existing is None:
            links.append((task, plan.person))
        if plan.cost is not None:
            costs.append((task, plan.cost, plan.source))
        if plan.existing is not None and plan.action == "update":
            changes = {k: v for k, v in plan.changes.items() if k != "coordinating_units"}
            if changes or "coordinating_units" in plan.changes:
                task_update(
                    task=task,
                    coordinating_units=plan.coordinating
                    if "coordinating_units" in plan.changes
                    else None,
                    **changes,
                )
            if plan.person is not None:
                responsibility_record(task=task, since=task.assigned_on, person=plan.person)
        subtasks += [_subtask_spec(plan, result, task, unit) for unit in plan.new_subtasks]
    task_create_many(specs=subtasks)
    responsibilities_create(links)
    if costs:
        estimates_create(costs, province_paths())
