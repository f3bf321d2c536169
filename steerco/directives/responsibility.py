"""Who is responsible for a task, and when: the one place that writes the task's
responsibility history (`Responsibility`, append-only) and its cache on the task
(`responsible`, `deputy`, `responsible_person`).

A responsible official or deputy belongs to the lead unit, a unit under it, or a unit
above it (a provincial leader answering for a department's task); they must be in post
on the day their responsibility starts. A transfer is a new row dated when it takes
effect, never earlier than the row in force before it.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from steerco.people.models import Person

from .models import Responsibility, Task
from .services import DirectiveError


def _check_person(task: Task, person: Person, since: date, field: str) -> None:
    lead, unit = task.lead_unit, person.unit
    if not (lead.contains(unit) or unit.contains(lead)):
        raise DirectiveError(
            _("%(person)s works in %(unit)s, which is neither %(lead)s nor above or under it.")
            % {"person": person.full_name, "unit": unit.name, "lead": lead.name},
            field,
        )
    if not person.active_on(since):
        raise DirectiveError(
            _("%(person)s is not in post on %(day)s.")
            % {"person": person.full_name, "day": since.strftime("%d/%m/%Y")},
            field,
        )


@transaction.atomic
def responsibility_record(
    *,
    task: Task,
    since: date,
    person: Person | None = None,
    person_text: str = "",
    deputy: Person | None = None,
    author: User | None = None,
    note: str = "",
) -> Responsibility:
    """Record who is responsible for `task` from `since` on (the first assignment or a
    transfer) and bring the task's cached fields up to date. `person_text` is the plan's
    text where no official is linked ("Giám đốc Sở")."""
    person_text = person_text.strip()
    if person is None and not person_text:
        raise DirectiveError(_("Name the responsible official, or write who is."), "person")
    if person is not None:
        _check_person(task, person, since, "person")
    if deputy is not None:
        if person is not None and deputy.pk == person.pk:
            raise DirectiveError(_("The deputy cannot be the responsible official."), "deputy")
        _check_person(task, deputy, since, "deputy")
    latest = (
        Responsibility.objects.select_for_update()
        .filter(task=task)
        .order_by("-since", "-id")
        .values_list("since", flat=True)
        .first()
    )
    if latest is not None and since < latest:
        raise DirectiveError(
            _("A transfer takes effect on or after %(day)s, the date of the one in force.")
            % {"day": latest.strftime("%d/%m/%Y")},
            "since",
        )
    row = Responsibility.objects.create(
        task=task,
        since=since,
        person=person,
        person_text="" if person is not None else person_text,
        deputy=deputy,
        author=author if author is not None and author.is_authenticated else None,
        note=note.strip(),
    )
    task.responsible = person
    task.deputy = deputy
    task.responsible_person = person.full_name if person is not None else person_text
    task.five_clear = task.is_five_clear
    task.save(update_fields=["responsible", "deputy", "responsible_person", "five_clear"])
    return row
