"""Personal access tokens for the API: created, listed, revoked, and checked on each request.

A token reads `stc_<prefix>_<secret>`: the prefix (8 lowercase letters and digits) is public
and names the token in lists and logs; the secret (`secrets.token_urlsafe`, 256 bits) is
shown once, to whoever created it, and only its SHA-256 is stored
(`AccessToken.secret_hash`), compared in constant time. A token works until it expires
(`STEERCO_TOKEN_DEFAULT_DAYS`, default 90 days, or the days asked at creation, at most
`MAX_DAYS`) or is revoked, and only while its account is active. Its scopes are a subset of
read, report and manage; the API grants a request no more than both the token's scopes and
its user's roles allow.

A user creates tokens for themselves (the system, i.e. `steerco token create`, for anyone);
a user revokes their own, and whoever administers an account
(`steerco.accounts.permissions.may_administer`) revokes its tokens too. Creation and
revocation are saved through the model, so the audit trail records them (never the secret
nor its hash); the time of last use is written with one UPDATE at most once a minute per
token, past the audit trail.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steerco.units.models import Membership

from .models import AccessToken, TokenScope
from .permissions import may_administer

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TOKEN_START = "stc"  # noqa: S105 (how every token begins, not a secret)
PREFIX_LENGTH = 8
PREFIX_ALPHABET = string.ascii_lowercase + string.digits
DEFAULT_DAYS = 90
MAX_DAYS = 366
NAME_MAX = 100
LAST_USED_EVERY = timedelta(minutes=1)
SCOPES: tuple[str, ...] = tuple(TokenScope.values)  # read, report, manage: in this order


class TokenError(ValueError):
    """A request that cannot be carried out as asked; `.field` names the input at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class TokenDenied(PermissionError):
    """The actor may not act on this account's tokens."""


@dataclass(frozen=True)
class IssuedToken:
    """What the creator is shown once: the token itself (never stored) and its row."""

    token: str
    access_token: AccessToken


# --- the token's text ------------------------------------------------------------------


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_prefix() -> str:
    return "".join(secrets.choice(PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))


def token_parts(raw: str) -> tuple[str, str] | None:
    """(prefix, secret) of a token's text, None when it is not shaped like a token."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_START:
        return None
    prefix, secret = parts[1], parts[2]
    if len(prefix) != PREFIX_LENGTH or not secret or len(secret) > 200:
        return None
    return prefix, secret


def scopes_parse(scopes: str | Iterable[str]) -> list[str]:
    """The scopes named (a comma list, or a list), in the order read, report, manage.
    At least one is needed; an unknown one is an error naming it."""
    names = scopes.split(",") if isinstance(scopes, str) else list(scopes)
    wanted = {s.strip().lower() for s in names if s.strip()}
    unknown = sorted(wanted - set(SCOPES))
    if unknown:
        raise TokenError(
            _("unknown scope %(scope)s: the scopes are %(scopes)s")
            % {"scope": ", ".join(unknown), "scopes": ", ".join(SCOPES)},
            field="scopes",
        )
    if not wanted:
        raise TokenError(
            _("choose at least one scope: %(scopes)s") % {"scopes": ", ".join(SCOPES)},
            field="scopes",
        )
    return [s for s in SCOPES if s in wanted]


def default_days() -> int:
    """STEERCO_TOKEN_DEFAULT_DAYS (90 unless set), kept within 1 to MAX_DAYS."""
    days = int(getattr(settings, "STEERCO_TOKEN_DEFAULT_DAYS", DEFAULT_DAYS))
    return max(1, min(days, MAX_DAYS))


# --- checking a token ------------------------------------------------------------------


def token_state(token: AccessToken, now: datetime) -> str:
    """ "revoked", "expired", "inactive account" or "active"."""
    if token.revoked_at is not None:
        return "revoked"
    if now >= token.expires_at:
        return "expired"
    if not token.user.is_active:
        return "inactive account"
    return "active"


def authenticate_token(raw: str, *, now: datetime | None = None) -> AccessToken | None:
    """The token `raw` opens (its `.user` loaded) when it works — known, its secret right,
    not revoked, not expired, its account active — or None. Records the time of use (at
    most once a minute per token)."""
    parts = token_parts(raw or "")
    if parts is None:
        return None
    prefix, secret = parts
    token = AccessToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(secret_hash(secret), token.secret_hash):
        return None
    now = now or timezone.now()
    if token_state(token, now) != "active":
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        # One UPDATE, past the model's signals: the time of use is not an audited change.
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- creating, listing, revoking ------------------------------------------------------


def _name_checked(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise TokenError(_("give the token a name"), field="name")
    if len(name) > NAME_MAX:
        raise TokenError(
            _("the name is too long: at most %(n)d characters") % {"n": NAME_MAX}, field="name"
        )
    return name


def _days_checked(days: int | None) -> int:
    if days is None:
        return default_days()
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(
            _("a token lasts from 1 to %(max)d days") % {"max": MAX_DAYS}, field="expires_days"
        )
    return days


@transaction.atomic
def token_create(
    *,
    actor: User | None,
    user: User,
    name: str,
    scopes: str | Iterable[str],
    expires_days: int | None = None,
    now: datetime | None = None,
) -> IssuedToken:
    """A new token for `user`, returned once with its text. `actor` is the user themselves,
    or None when the system acts (`steerco token create`): nobody creates a token that
    acts as someone else."""
    if actor is not None and actor.pk != user.pk:
        raise TokenDenied(_("you may create tokens for your own account only"))
    if not user.is_active:
        raise TokenError(_("the account is deactivated"), field="user")
    name = _name_checked(name)
    scope_list = scopes_parse(scopes)
    days = _days_checked(expires_days)
    if AccessToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
        raise TokenError(
            _("%(user)s already has a token named %(name)s")
            % {"user": user.get_username(), "name": name},
            field="name",
        )
    now = now or timezone.now()
    secret = secrets.token_urlsafe(32)
    for _attempt in range(5):  # a prefix already taken (1 in 10^12): draw another
        prefix = _new_prefix()
        try:
            with transaction.atomic():
                token = AccessToken.objects.create(
                    user=user,
                    name=name,
                    prefix=prefix,
                    secret_hash=secret_hash(secret),
                    scopes=scope_list,
                    created_at=now,
                    expires_at=now + timedelta(days=days),
                )
        except IntegrityError:
            if AccessToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
                raise TokenError(
                    _("%(user)s already has a token named %(name)s")
                    % {"user": user.get_username(), "name": name},
                    field="name",
                ) from None
            continue
        return IssuedToken(f"{TOKEN_START}_{prefix}_{secret}", token)
    raise RuntimeError("no free token prefix after 5 draws")  # pragma: no cover


def tokens_of(user: Any) -> list[AccessToken]:
    """The account's tokens, newest first (revoked and expired ones too)."""
    return list(
        AccessToken.objects.filter(user=user).select_related("user").order_by("-created_at", "-pk")
    )


def tokens_in_use(user: Any, now: datetime | None = None) -> list[AccessToken]:
    """The account's tokens that still work or would if it were active: neither revoked nor
    expired, newest first."""
    now = now or timezone.now()
    return list(
        AccessToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
        .select_related("user")
        .order_by("-created_at", "-pk")
    )


def may_revoke(actor: Any, token: AccessToken) -> bool:
    """The token's own user, or whoever administers its account."""
    if actor is None:
        return True
    if not (getattr(actor, "is_authenticated", False) and actor.is_active):
        return False
    if actor.pk == token.user_id:
        return True
    memberships = Membership.objects.filter(user_id=token.user_id).select_related("unit")
    return may_administer(actor, token.user, memberships)


def token_find(user: Any, name_or_id: str) -> AccessToken | None:
    """The user's token named so (the one in use, else the latest revoked), or by its
    number or prefix."""
    tokens = AccessToken.objects.filter(user=user).select_related("user")
    by_name = tokens.filter(name=name_or_id).order_by("revoked_at", "-created_at", "-pk")
    found = by_name.filter(revoked_at__isnull=True).first() or by_name.first()
    if found is None and name_or_id.isdigit():
        found = tokens.filter(pk=int(name_or_id)).first()
    return found or tokens.filter(prefix=name_or_id).first()


@transaction.atomic
def token_revoke(*, actor: User | None, token: AccessToken, now: datetime | None = None) -> None:
    """The token no longer works, from now on (its row stays, for the record)."""
    if not may_revoke(actor, token):
        raise TokenDenied(_("you may revoke your own tokens, or those of accounts you administer"))
    locked = AccessToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise TokenError(_("the token %(name)s is already revoked") % {"name": token.name})
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
