"""Writing officials: person_create and person_update, with the rules a record obeys.

A person needs a name and a unit; the dates they held the post are in order; a user
account is linked to one official at most. Imports (steerco.people.imports) write
through these too.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from steerco.units.models import Unit

from .models import Person


class PersonError(ValueError):
    """A person record that cannot be saved; `field` names the field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def person_check(
    *,
    full_name: str,
    unit: Unit | None,
    user: User | None,
    active_from: date | None,
    active_until: date | None,
    person: Person | None = None,
) -> None:
    """Raise PersonError naming the field when the record would break a rule."""
    if not full_name.strip():
        raise PersonError(_("An official needs a full name."), "full_name")
    if len(full_name.strip()) > 255:
        raise PersonError(_("A name is at most 255 characters."), "full_name")
    if unit is None or unit.pk is None:
        raise PersonError(_("Choose the official's unit."), "unit")
    if active_from is not None and active_until is not None and active_until < active_from:
        raise PersonError(
            _("“In post until” (%(until)s) is before “in post from” (%(since)s).")
            % {
                "until": active_until.strftime("%d/%m/%Y"),
                "since": active_from.strftime("%d/%m/%Y"),
            },
            "active_until",
        )
    if user is not None:
        other = Person.objects.filter(user=user)
        if person is not None and person.pk is not None:
            other = other.exclude(pk=person.pk)
        holder = other.first()
        if holder is not None:
            raise PersonError(
                _("The account %(user)s is already linked to %(person)s.")
                % {"user": user.get_username(), "person": holder.full_name},
                "user",
            )


@transaction.atomic
def person_create(
    *,
    full_name: str,
    unit: Unit,
    position: str = "",
    user: User | None = None,
    active_from: date | None = None,
    active_until: date | None = None,
) -> Person:
    return person_update(
        person=Person(),
        full_name=full_name,
        unit=unit,
        position=position,
        user=user,
        active_from=active_from,
        active_until=active_until,
    )


@transaction.atomic
def person_update(
    *,
    person: Person,
    full_name: str,
    unit: Unit,
    position: str = "",
    user: User | None = None,
    active_from: date | None = None,
    active_until: date | None = None,
) -> Person:
    person_check(
        full_name=full_name,
        unit=unit,
        user=user,
        active_from=active_from,
        active_until=active_until,
        person=person,
    )
    person.full_name = " ".join(full_name.split())
    person.position = position.strip()
    person.unit = unit
    person.user = user
    person.active_from = active_from
    person.active_until = active_until
    person.save()
    return person
