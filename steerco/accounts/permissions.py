"""Who may administer which accounts, built on the unit rules of
`steerco.units.permissions` (a role covers its unit's subtree; viewer < reporter <
manager < admin) — no new rule of its own:

- give a role R on a unit U: the actor holds manager or higher over U (`level_on`), and R
  is no higher than that (a manager never makes an administrator; an administrator — the
  admin role, or a superuser — gives any role within their subtree);
- take a role away: the same rule on the role taken;
- see an account: it holds a role on a unit within a subtree the actor manages;
- administer an account (deactivate, reactivate, one-time links, two-factor reset): the
  actor could take away every role it holds — so a manager of Tuyên Quang administers
  Tuyên Quang's officials but not one who also holds a role in Cao Bằng or above the
  province. An account with no role at all is administered by superusers and by
  administrators of every root of the tree; staff and superuser accounts by superusers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from steerco.units.models import ROLE_LEVEL, Membership, Role, Unit, path_upper_bound
from steerco.units.permissions import Action, granted_paths, grants, level_on

if TYPE_CHECKING:
    from steerco.units.permissions import UserLike

MANAGER_LEVEL = ROLE_LEVEL[Role.MANAGER]


def _active(user: UserLike) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _superuser(user: UserLike) -> bool:
    return _active(user) and bool(getattr(user, "is_superuser", False))


def may_give(actor: UserLike, unit: Unit, role: str) -> bool:
    """May `actor` give (or take away) `role` on `unit`?"""
    if not _active(actor) or role not in Role.values:
        return False
    level = level_on(actor, unit.path)
    return level >= MANAGER_LEVEL and ROLE_LEVEL[Role(role)] <= level


def roles_actor_gives(actor: UserLike, unit: Unit | None = None) -> list[str]:
    """The roles `actor` may give: on `unit`, or at best anywhere (for a form's choices)."""
    if unit is not None:
        return [r for r in Role.values if may_give(actor, unit, r)]
    if _superuser(actor):
        return list(Role.values)
    best = max((lvl for _path, lvl in _manager_grants(actor)), default=0)
    return [r for r in Role.values if ROLE_LEVEL[Role(r)] <= best]


def _manager_grants(actor: UserLike) -> list[tuple[str, int]]:
    return [(p, lvl) for p, lvl in grants(actor) if lvl >= MANAGER_LEVEL]


def manages_accounts(actor: UserLike) -> bool:
    """Whether the actor administers some accounts (a manager somewhere, or a superuser)."""
    return _superuser(actor) or bool(granted_paths(actor, Action.MANAGE))


def administers_everything(actor: UserLike) -> bool:
    """A superuser, or an administrator of every root unit of the tree."""
    if _superuser(actor):
        return True
    roots = list(Unit.objects.filter(parent__isnull=True).values_list("path", flat=True))
    return bool(roots) and all(level_on(actor, p) >= ROLE_LEVEL[Role.ADMIN] for p in roots)


def managed_units_q(actor: UserLike, prefix: str = "") -> Q:
    """Units within the subtrees the actor manages (`prefix` for a related field, such as
    "unit__"). Nothing for a non-manager; everything for a superuser."""
    if _superuser(actor):
        return Q()
    q = Q(pk__in=[])
    for path in granted_paths(actor, Action.MANAGE):
        q |= Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path_upper_bound(path)})
    return q


def visible_accounts_q(actor: UserLike) -> Q:
    """Accounts (users) the actor may see: those holding a role within their subtrees; for
    whoever administers everything, every account."""
    if administers_everything(actor):
        return Q()
    if not manages_accounts(actor):
        return Q(pk__in=[])
    units = Unit.objects.filter(managed_units_q(actor))
    return Q(pk__in=Membership.objects.filter(unit__in=units).values("user_id"))


def may_administer(actor: UserLike, account: Any, memberships: Iterable[Membership]) -> bool:
    """May `actor` deactivate, reactivate, reset the password or the two factors of
    `account`, whose roles are `memberships` (each with its unit)?"""
    if not _active(actor):
        return False
    if getattr(account, "is_superuser", False) or getattr(account, "is_staff", False):
        return _superuser(actor)
    memberships = list(memberships)
    if not memberships:
        return administers_everything(actor)
    return all(may_give(actor, m.unit, m.role) for m in memberships)
