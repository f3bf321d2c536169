"""One-time links (an invitation, a password reset): issued, looked up, used.

The token is shown once — to the manager who issued it, or in the output of `steerco users
import` — and only its SHA-256 is stored (`OneTimeLink.token_hash`). A link works once,
before it expires (`STEERCO_INVITE_LINK_HOURS`, default a week; `STEERCO_RESET_LINK_HOURS`,
default a day), for an active account; issuing another link for the account, deactivating
it, or using a link ends the account's other open links. Using it sets a password that
passes the password policy (AUTH_PASSWORD_VALIDATORS) and lifts a sign-in lockout of the
account.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .lockout import unlock
from .models import LinkPurpose, OneTimeLink

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEFAULT_HOURS = {LinkPurpose.INVITE: 7 * 24, LinkPurpose.RESET: 24}
SETTING = {
    LinkPurpose.INVITE: "STEERCO_INVITE_LINK_HOURS",
    LinkPurpose.RESET: "STEERCO_RESET_LINK_HOURS",
}


class LinkState(StrEnum):
    OPEN = "open"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    ENDED = "ended"  # replaced by a newer link, or the account was deactivated


class LinkError(ValueError):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class IssuedLink:
    """What the issuer is shown once: the token (never stored) and until when it works."""

    username: str
    purpose: str
    token: str
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lifetime(purpose: str) -> timedelta:
    hours = getattr(settings, SETTING[LinkPurpose(purpose)], DEFAULT_HOURS[LinkPurpose(purpose)])
    return timedelta(hours=int(hours))


def links_end(*, user: Any, now: datetime | None = None, keep: OneTimeLink | None = None) -> int:
    """End the account's open links (each saved, so its change is recorded)."""
    now = now or timezone.now()
    ended = 0
    for link in OneTimeLink.objects.open().filter(user=user).order_by("pk"):
        if keep is not None and link.pk == keep.pk:
            continue
        link.ended_at = now
        link.save(update_fields=["ended_at"])
        ended += 1
    return ended


@transaction.atomic
def link_issue(
    *, user: User, purpose: str, created_by: User | None, now: datetime | None = None
) -> IssuedLink:
    """A new one-time link for `user`, ending their earlier open links."""
    if not user.is_active:
        raise LinkError("the account is deactivated; reactivate it first")
    now = now or timezone.now()
    purpose = LinkPurpose(purpose)
    links_end(user=user, now=now)
    token = secrets.token_urlsafe(32)
    link = OneTimeLink.objects.create(
        user=user,
        purpose=purpose,
        token_hash=token_hash(token),
        created_by=created_by,
        created_at=now,
        expires_at=now + lifetime(purpose),
    )
    return IssuedLink(user.get_username(), purpose, token, link.expires_at)


def link_state(link: OneTimeLink | None, now: datetime) -> LinkState:
    if link is None:
        return LinkState.UNKNOWN
    if link.used_at is not None:
        return LinkState.USED
    if link.ended_at is not None or not link.user.is_active:
        return LinkState.ENDED
    if now >= link.expires_at:
        return LinkState.EXPIRED
    return LinkState.OPEN


def link_lookup(token: str, now: datetime | None = None) -> tuple[OneTimeLink | None, LinkState]:
    """The link a token opens and whether it still works."""
    now = now or timezone.now()
    link = (
        OneTimeLink.objects.select_related("user").filter(token_hash=token_hash(token)).first()
        if token
        else None
    )
    return link, link_state(link, now)


@transaction.atomic
def link_redeem(*, token: str, password: str, now: datetime | None = None) -> User:
    """Set the password of the link's account and use the link up. Raises LinkError when the
    link does not work (any more) or the password fails the policy."""
    now = now or timezone.now()
    link = (
        OneTimeLink.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    state = link_state(link, now)
    if link is None or state is not LinkState.OPEN:
        raise LinkError(f"this link does not work: {state}", field="token")
    user = link.user
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise LinkError(" ".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    link.used_at = now
    link.save(update_fields=["used_at"])
    links_end(user=user, now=now)
    unlock(username=user.get_username())
    return user


def link_url(token: str, base_url: str = "") -> str:
    """Where the link is opened: the page `people:link` (in web/), after `base_url` (the
    site's address, e.g. https://steerco.example.gov.vn) when one is given."""
    from django.urls import reverse

    return base_url.rstrip("/") + reverse("people:link", kwargs={"token": token})
