"""Who may see an official's scorecard: the official themself (the account linked to
their record), managers of their unit or of a unit above it, and administrators
(superusers, or an administrator's role covering the unit). Nobody else — in particular
not their peers: the evaluation of officials belongs to their managers, so there is no
ranking of people."""

from __future__ import annotations

from steerco.units.permissions import Action, UserLike, may_on_unit

from .models import Person


def may_see_scorecard(user: UserLike, person: Person) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return may_on_unit(user, Action.MANAGE, person.unit)
