"""Writes to the organisation tree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max

from .models import SEGMENT, Membership, Role, Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class UnitError(ValueError):
    pass


def _next_path(parent: Unit | None) -> tuple[str, int]:
    prefix = parent.path if parent else ""
    depth = (parent.depth if parent else 0) + 1
    siblings = (
        Unit.objects.filter(parent=parent) if parent else Unit.objects.filter(parent__isnull=True)
    )
    last = siblings.aggregate(m=Max("path"))["m"]
    number = int(last[-SEGMENT:]) + 1 if last else 1
    if number >= 10**SEGMENT:
        raise UnitError(f"{parent} already has the maximum number of child units")
    return prefix + str(number).zfill(SEGMENT), depth


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    name_en: str = "",
    short_name: str = "",
    subkind: str = "",
) -> Unit:
    if Unit.objects.filter(code=code).exists():
        raise UnitError(f"a unit with code {code!r} already exists")
    path, depth = _next_path(parent)
    return Unit.objects.create(
        code=code,
        name=name,
        name_en=name_en,
        short_name=short_name,
        kind=kind,
        subkind=subkind,
        parent=parent,
        path=path,
        depth=depth,
    )


def membership_grant(*, user: User, unit: Unit, role: str) -> Membership:
    if role not in Role.values:
        raise UnitError(f"unknown role {role!r}; expected one of {', '.join(Role.values)}")
    membership, _ = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    return membership
