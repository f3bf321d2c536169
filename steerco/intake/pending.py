"""Uploads held between preview and commit: the file is kept in storage under a random
token that only its uploader can use, so the commit writes exactly what was previewed.

A held upload expires STEERCO_PENDING_MAX_AGE_HOURS after it was saved: it is no longer
loaded, and it is deleted when its uploader next uploads a file or by `pending_sweep()`
(`steerco pending sweep`), which clears everyone's. The token starts with the time it
was saved (8 hex digits of Unix seconds), so its age needs no storage metadata."""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .readers import KINDS

ROOT = "intake-pending"
_TOKEN = re.compile(r"^[0-9a-f]{40}$")
_HELD = re.compile(r"^(?P<token>[0-9a-f]{40})\.(?P<kind>[a-z]+)$")


def _path(user_id: int, token: str, kind: str) -> str:
    return f"{ROOT}/{user_id}/{token}.{kind}"


def _expired(token: str, now: float) -> bool:
    saved = int(token[:8], 16)
    return now - saved > settings.STEERCO_PENDING_MAX_AGE_HOURS * 3600


def _listdir(path: str) -> tuple[list[str], list[str]]:
    try:
        return default_storage.listdir(path)
    except FileNotFoundError:
        return [], []


def pending_save(*, user_id: int, kind: str, data: bytes) -> str:
    """Hold an upload for its uploader; the token to load it with. The uploader's expired
    uploads are deleted on the way."""
    pending_sweep(user_id=user_id)
    token = f"{int(timezone.now().timestamp()):08x}{secrets.token_hex(16)}"
    default_storage.save(_path(user_id, token, kind), ContentFile(data))
    return token


def pending_load(*, user_id: int, token: str, kind: str) -> bytes | None:
    """The held upload, or None if the token is not one of this user's or has expired
    (an expired upload is deleted)."""
    if not _TOKEN.match(token or "") or kind not in KINDS:
        return None
    path = _path(user_id, token, kind)
    if _expired(token, timezone.now().timestamp()):
        default_storage.delete(path)
        return None
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as file:
        return file.read()


def pending_drop(*, user_id: int, token: str, kind: str) -> None:
    if _TOKEN.match(token or "") and kind in KINDS:
        default_storage.delete(_path(user_id, token, kind))


def pending_sweep(*, user_id: int | None = None) -> int:
    """Delete the expired held uploads of one user (or of everyone); how many were deleted.
    A file whose name is not a current token (an upload held before tokens carried their
    time) can never be loaded, so it goes too."""
    now = timezone.now().timestamp()
    users = [str(user_id)] if user_id is not None else _listdir(ROOT)[0]
    deleted = 0
    for user in users:
        for name in _listdir(f"{ROOT}/{user}")[1]:
            held = _HELD.match(name)
            if held is None or _expired(held["token"], now):
                default_storage.delete(f"{ROOT}/{user}/{name}")
                deleted += 1
    return deleted
