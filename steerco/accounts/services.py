"""Account administration: create or invite, give and take away roles, deactivate and
reactivate, a password-reset link, a two-factor reset.

Each function takes the acting user (`actor`; None when the system acts, as `steerco users
import` does) and asks the rules of `steerco.accounts.permissions` itself, raising
`AccountDenied` when they refuse — the pages ask first, this is the last word. Every
change goes through Model.save()/delete(), one row at a time, so the model signals that
record an audit trail see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from steerco.units.models import Membership, Role, Unit
from steerco.units.services import membership_grant

from . import two_factor
from .links import IssuedLink, link_issue, links_end
from .models import LinkPurpose
from .permissions import may_administer, may_give, visible_accounts_q
from .sessions import sessions_end

if TYPE_CHECKING:
    from django.contrib.auth.models import User

USERNAME_MAX = 150
NAME_MAX = 150


class AccountError(ValueError):
    """A request that cannot be carried out as asked; `.field` names the input at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AccountDenied(PermissionError):
    """The actor's roles do not allow this change."""


@dataclass(frozen=True)
class AccountDetails:
    username: str
    full_name: str
    email: str


def username_problem(username: str) -> str | None:
    """Why `username` cannot name a new account (None when it can)."""
    if not username:
        return "a user name is required"
    if len(username) > USERNAME_MAX:
        return f"at most {USERNAME_MAX} characters"
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return "letters, digits and @ . + - _ only, no spaces"
    return None


def email_problem(email: str) -> str | None:
    if not email:
        return None
    try:
        validate_email(email)
    except ValidationError:
        return f"{email!r} is not an e-mail address"
    return None


def details_problems(details: AccountDetails) -> dict[str, str]:
    """The fields of a new account's details that cannot be used, with why."""
    problems = {}
    if problem := username_problem(details.username):
        problems["username"] = problem
    elif get_user_model().objects.filter(username__iexact=details.username).exists():
        problems["username"] = f"an account named {details.username!r} already exists"
    if not details.full_name:
        problems["full_name"] = "the official's full name is required"
    elif len(details.full_name) > NAME_MAX:
        problems["full_name"] = f"at most {NAME_MAX} characters"
    if problem := email_problem(details.email):
        problems["email"] = problem
    return problems


def _deny_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise AccountDenied(message)


def _memberships(account: Any) -> list[Membership]:
    return list(Membership.objects.filter(user=account).select_related("unit").order_by("pk"))


@transaction.atomic
def account_create(
    *,
    actor: User | None,
    details: AccountDetails,
    unit: Unit,
    role: str,
    password: str = "",
) -> tuple[User, IssuedLink | None]:
    """A new account holding `role` on `unit`. With a password (checked against the
    policy) it can sign in at once; without one it has no usable password and an
    invitation link is issued (returned once)."""
    if role not in Role.values:
        raise AccountError(f"unknown role {role!r}", field="role")
    if actor is not None:
        _deny_unless(
            may_give(actor, unit, role),
            f"your roles do not allow giving the role {role} on {unit.name}",
        )
    problems = details_problems(details)
    if problems:
        field, message = next(iter(problems.items()))
        raise AccountError(message, field=field)
    user = get_user_model()(
        username=details.username, first_name=details.full_name, email=details.email
    )
    if password:
        try:
            validate_password(password, user=user)
        except ValidationError as exc:
            raise AccountError(" ".join(exc.messages), field="password") from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    membership_grant(user=user, unit=unit, role=role)
    link = None if password else link_issue(user=user, purpose=LinkPurpose.INVITE, created_by=actor)
    return user, link


def account_visible(actor: User, account_id: int) -> User | None:
    """The account if the actor may see it (None for an unknown one as for a hidden one)."""
    return get_user_model().objects.filter(visible_accounts_q(actor)).filter(pk=account_id).first()


@transaction.atomic
def role_give(*, actor: User | None, account: User, unit: Unit, role: str) -> Membership:
    """Give `account` the role on the unit (nothing new when it already holds it)."""
    if role not in Role.values:
        raise AccountError(f"unknown role {role!r}", field="role")
    if actor is not None:
        _deny_unless(
            may_give(actor, unit, role),
            f"your roles do not allow giving the role {role} on {unit.name}",
        )
    return membership_grant(user=account, unit=unit, role=role)


@transaction.atomic
def role_take(*, actor: User | None, membership: Membership) -> None:
    """Take a role away (the row is deleted through the model, one at a time)."""
    if actor is not None:
        _deny_unless(
            may_give(actor, membership.unit, membership.role),
            f"your roles do not allow taking the role {membership.role} on {membership.unit.name}",
        )
    membership.delete()


def _administer(actor: User | None, account: User) -> None:
    if actor is not None:
        _deny_unless(
            may_administer(actor, account, _memberships(account)),
            "this account holds roles your own roles do not cover",
        )


@transaction.atomic
def account_deactivate(*, actor: User | None, account: User) -> int:
    """The official moved or left: the account can no longer sign in, its sessions end and
    its open links too. Its roles are kept (inactive accounts are granted nothing) so that
    it can be reactivated; what it wrote keeps its name. The number of sessions ended."""
    _administer(actor, account)
    if actor is not None and actor.pk == account.pk:
        raise AccountError("you cannot deactivate your own account", field="account")
    if not account.is_active:
        raise AccountError("the account is already deactivated", field="account")
    account.is_active = False
    account.save(update_fields=["is_active"])
    links_end(user=account)
    return sessions_end(account)


@transaction.atomic
def account_reactivate(*, actor: User | None, account: User) -> None:
    _administer(actor, account)
    if account.is_active:
        raise AccountError("the account is active", field="account")
    account.is_active = True
    account.save(update_fields=["is_active"])


@transaction.atomic
def password_link_issue(*, actor: User | None, account: User) -> IssuedLink:
    """A one-time link to set a new password: a reset, or — for an account that never set
    one — a new invitation (ending the earlier link). The current password keeps working
    until the link is used."""
    _administer(actor, account)
    if not account.is_active:
        raise AccountError("the account is deactivated; reactivate it first", field="account")
    purpose = LinkPurpose.RESET if account.has_usable_password() else LinkPurpose.INVITE
    return link_issue(user=account, purpose=purpose, created_by=actor)


@transaction.atomic
def two_factor_reset(*, actor: User | None, account: User) -> None:
    """Remove the account's authenticator and recovery codes: it enrols again at its next
    sign-in (`steerco.accounts.two_factor.two_factor_reset`)."""
    _administer(actor, account)
    two_factor.two_factor_reset(account)


@transaction.atomic
def account_details_change(
    *, actor: User | None, account: User, full_name: str, email: str
) -> None:
    """Correct an official's full name or e-mail (the user name never changes: it is how
    they sign in and how the history names them)."""
    _administer(actor, account)
    full_name, email = full_name.strip(), email.strip()
    if not full_name:
        raise AccountError("the official's full name is required", field="full_name")
    if len(full_name) > NAME_MAX:
        raise AccountError(f"at most {NAME_MAX} characters", field="full_name")
    if problem := email_problem(email):
        raise AccountError(problem, field="email")
    account.first_name, account.last_name, account.email = full_name, "", email
    account.save(update_fields=["first_name", "last_name", "email"])
