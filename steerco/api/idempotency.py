"""`Idempotency-Key` on the API's writes: a client that cannot tell whether its request
arrived (a timeout, a dropped connection) sends it again with the same key, and is
answered what the first one was answered, with nothing written twice.

A key is the user's own (two users may send the same key), kept for
`STEERCO_API_IDEMPOTENCY_HOURS` (24 by default) after the write it answered. The request
it stands for is the method, the path and the body as parsed (so the JSON's spacing and
key order do not matter); the same key with another request is refused (422 naming the
header). Only a successful write is kept: a refused one wrote nothing, and may be sent
again, corrected, with the same key.

The write and its key are one transaction: two identical requests at once write once
(the second finds the key taken as it commits, rolls back, and answers the first's
result)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IdempotencyKey

if TYPE_CHECKING:
    from django.contrib.auth.models import User

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


class IdempotencyError(ValueError):
    """A key that cannot be used: `status` 422 (malformed, or used for another request)."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status
        self.field = HEADER


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    replayed: bool = False


def keep_hours() -> int:
    return int(settings.STEERCO_API_IDEMPOTENCY_HOURS)


def request_hash(method: str, path: str, body: Any) -> str:
    """The request a key stands for: method, path and the parsed body as canonical JSON."""
    canonical = json.dumps(
        [method.upper(), path, body], sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def checked_key(key: str | None) -> str | None:
    """The header's value, or None when absent; a malformed key is refused naming it."""
    if key is None:
        return None
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise IdempotencyError(
            _("%(header)s must be 1 to %(n)d printable ASCII characters.")
            % {"header": HEADER, "n": MAX_KEY_LENGTH}
        )
    return key


class _KeyTaken(Exception):
    """The key was recorded by a concurrent request while this one wrote."""


def once(
    *,
    user: User,
    key: str | None,
    method: str,
    path: str,
    body: Any,
    write: Callable[[], tuple[int, Any]],
) -> Answer:
    """Run `write` (it returns a status and a JSON-ready body, or raises: nothing written)
    unless `key` already answered this request; without a key, just run it."""
    key = checked_key(key)
    if key is None:
        return Answer(*write())
    digest = request_hash(method, path, body)
    earlier = _recorded(user, key)
    if earlier is not None:
        return _replay(earlier, digest)
    try:
        with transaction.atomic():
            # Expired keys go first (everyone's: one indexed delete), so that an old key
            # may be used again and no key outlives its hours.
            IdempotencyKey.objects.filter(created_at__lt=_cutoff()).delete()
            status, out = write()
            try:
                with transaction.atomic():
                    IdempotencyKey.objects.create(
                        user=user,
                        key=key,
                        request_hash=digest,
                        response_status=status,
                        response_body=out,
                        created_at=timezone.now(),
                    )
            except IntegrityError as exc:
                raise _KeyTaken from exc  # rolls the write back with it
    except _KeyTaken:
        earlier = _recorded(user, key)
        if earlier is None:  # pragma: no cover - the row that collided was committed
            raise
        return _replay(earlier, digest)
    return Answer(status, out)


def _cutoff() -> Any:
    return timezone.now() - timedelta(hours=keep_hours())


def _recorded(user: User, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(user=user, key=key, created_at__gte=_cutoff()).first()


def _replay(earlier: IdempotencyKey, digest: str) -> Answer:
    if earlier.request_hash != digest:
        raise IdempotencyError(
            _(
                "This %(header)s was already used for a different request; nothing was "
                "written. Send a new key for a new request."
            )
            % {"header": HEADER}
        )
    return Answer(earlier.response_status, earlier.response_body, replayed=True)
