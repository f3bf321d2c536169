"""Reads for account administration: who holds which role where, within the subtrees an
actor manages, and one account's roles as the actor may see them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from steerco.lib.vietnamese import fold
from steerco.units.models import Membership, Unit

from .permissions import managed_units_q, may_administer, may_give

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Status:
    ACTIVE = "active"
    INACTIVE = "inactive"
    ALL = "all"


def role_directory(
    actor: User,
    *,
    within: Unit | None = None,
    role: str | None = None,
    search: str = "",
    status: str = Status.ALL,
) -> QuerySet[Membership]:
    """The roles held on units within the subtrees `actor` manages (`within` narrows to one
    unit's subtree), with their account and unit, by unit then role then user name."""
    rows = Membership.objects.filter(managed_units_q(actor, prefix="unit__"))
    if within is not None:
        rows = rows.filter(unit__in=Unit.objects.in_subtree(within))
    if role:
        rows = rows.filter(role=role)
    if status == Status.ACTIVE:
        rows = rows.filter(user__is_active=True)
    elif status == Status.INACTIVE:
        rows = rows.filter(user__is_active=False)
    if search.strip():
        rows = rows.filter(pk__in=_matching(rows, search))
    return rows.select_related("user", "unit").order_by(
        "unit__path", "role", "user__username", "pk"
    )


def _matching(rows: QuerySet[Membership], search: str) -> list[int]:
    """The rows whose account's user name, full name or e-mail holds every word of
    `search`, without regard to case or diacritics ("lam" finds "Ma Thị Lâm", as officials
    type on a phone): folded here (`lib.vietnamese.fold`), one read of the rows in scope."""
    words = [fold(w) for w in search.split()]
    found = []
    fields = ("pk", "user__username", "user__first_name", "user__last_name", "user__email")
    for pk, *texts in rows.values_list(*fields).order_by("pk"):
        haystack = fold(" ".join(t or "" for t in texts))
        if all(w in haystack for w in words):
            found.append(pk)
    return found


@dataclass
class RoleRow:
    membership: Membership
    may_take: bool


@dataclass
class AccountView:
    """One account as the actor sees it."""

    account: Any
    roles: list[RoleRow]  # the roles within the actor's subtrees
    elsewhere: int  # how many roles the account holds outside them
    may_administer: bool


def account_view(actor: User, account: Any) -> AccountView:
    memberships = list(
        Membership.objects.filter(user=account)
        .select_related("unit")
        .order_by("unit__path", "role", "pk")
    )
    in_scope = set(
        Membership.objects.filter(user=account)
        .filter(managed_units_q(actor, prefix="unit__"))
        .values_list("pk", flat=True)
    )
    rows = [RoleRow(m, may_give(actor, m.unit, m.role)) for m in memberships if m.pk in in_scope]
    return AccountView(
        account=account,
        roles=rows,
        elsewhere=len(memberships) - len(rows),
        may_administer=may_administer(actor, account, memberships),
    )
