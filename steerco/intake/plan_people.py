"""A plan row's person cell matched to the officials of its lead unit
(steerco.people.matching): a unique match links the official — the new task's first
responsibility row, dated the day it is assigned — an ambiguous name is listed in the
preview with its candidates and the task keeps the text, and a cell matching nobody (a
role, "Giám đốc Sở") is kept as text.

`match_people(result)` fills `PlanRow.person` during the preview; `responsibilities_create`
writes the links of the new tasks in bulk inside the import's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from steerco.directives.models import Responsibility, Task
from steerco.lib import bulk
from steerco.lib.problems import Problem
from steerco.people.matching import PersonDirectory, PersonMatch
from steerco.people.models import Person

from .plan_rows import PlanRow

if TYPE_CHECKING:
    from .plans import PlanImport


RESPONSIBILITY_FIELDS = (
    "task",
    "since",
    "person",
    "person_text",
    "deputy",
    "note",
    "author",
    "recorded_at",
)


def _who(person: Person) -> str:
    return ", ".join(p for p in (person.full_name, person.position, person.unit.name) if p)


def match_people(result: PlanImport) -> None:
    """Match each row's person cell to an official of the row's lead unit (or above)."""
    rows = [plan for plan in result.rows if plan.texts.get("person")]
    if not rows:
        return
    leads = {u.pk: u for plan in rows for u in (plan.leads if not plan.cascade else [])}
    leads[result.scope.pk] = result.scope
    directory = PersonDirectory.of_units(list(leads.values()))
    if not directory.by_path:
        return
    day = result.directive.issued_on
    held: set[int] = set()
    if any(plan.existing is not None for plan in rows):  # a re-import
        held = set(
            Responsibility.objects.filter(task__directive=result.directive).values_list(
                "task_id", flat=True
            )
        )
    seen: dict[tuple[int, str], PersonMatch] = {}
    for plan in rows:
        lead = result.scope if plan.cascade else plan.leads[0]
        text = plan.texts["person"]
        key = (lead.pk, text)
        if key not in seen:
            seen[key] = directory.match(lead, text, on=day)
        found = seen[key]
        if found.candidates:
            result.warnings.append(
                Problem(
                    plan.sheet,
                    plan.row,
                    plan.columns.get("person"),
                    text,
                    _(
                        "Người phụ trách: %(n)s officials bear this name — %(who)s; the task "
                        "keeps the text, choose the official on the task's page"
                    )
                    % {
                        "n": len(found.candidates),
                        "who": "; ".join(_who(p) for p in found.candidates),
                    },
                )
            )
        elif found.person is not None:
            _link(plan, found.person, result, held)


def _link(plan: PlanRow, person: Person, result: PlanImport, held: set[int]) -> None:
    """Link a new row's official. On a re-import, link an existing task that names no
    official yet; keep a task's official otherwise (a transfer is recorded on the task's
    page), and its name rather than the cell's wording."""
    task = plan.existing
    if task is None:
        plan.person = person
        return
    plan.changes.pop("responsible_person", None)
    if task.responsible_id is None and task.pk not in held:
        plan.person = person
    elif task.responsible_id != person.pk:
        result.warnings.append(
            Problem(
                plan.sheet,
                plan.row,
                plan.columns.get("person"),
                plan.texts.get("person", ""),
                _(
                    "task %(ref)s has a responsible official already; a transfer is "
                    "recorded on the task's page, so it is kept"
                )
                % {"ref": plan.reference},
            )
        )
    changed = plan.changes or plan.new_subtasks or plan.person is not None
    plan.action = "update" if changed else "unchanged"


def responsibilities_create(links: list[tuple[Task, Person]]) -> None:
    """The first responsibility row of each new task linked to an official, and the
    task's cache of it, in bulk (responsibility_record's effect for a fresh task)."""
    if not links:
        return
    now = timezone.now()
    bulk.insert(
        Responsibility,
        RESPONSIBILITY_FIELDS,
        (
            {
                "task": task.pk,
                "since": task.assigned_on,
                "person": person.pk,
                "person_text": "",
                "deputy": None,
                "note": "",
                "author": None,
                "recorded_at": now,
            }
            for task, person in links
        ),
    )
    by_person: dict[int, list[int]] = {}
    for task, person in links:
        by_person.setdefault(person.pk, []).append(task.pk)
    for person_id, task_ids in by_person.items():
        for start in range(0, len(task_ids), 500):
            Task.objects.filter(pk__in=task_ids[start : start + 500]).update(
                responsible_id=person_id
            )
