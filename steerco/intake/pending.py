"""Uploads held between preview and commit: the file is kept in storage under a random
token that only its uploader can use, so the commit writes exactly what was previewed."""

from __future__ import annotations

import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .readers import KINDS

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _path(user_id: int, token: str, kind: str) -> str:
    return f"intake-pending/{user_id}/{token}.{kind}"


def pending_save(*, user_id: int, kind: str, data: bytes) -> str:
    token = secrets.token_hex(16)
    default_storage.save(_path(user_id, token, kind), ContentFile(data))
    return token


def pending_load(*, user_id: int, token: str, kind: str) -> bytes | None:
    """The held upload, or None if the token is not one of this user's."""
    if not _TOKEN.match(token or "") or kind not in KINDS:
        return None
    path = _path(user_id, token, kind)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as file:
        return file.read()


def pending_drop(*, user_id: int, token: str, kind: str) -> None:
    if _TOKEN.match(token or "") and kind in KINDS:
        default_storage.delete(_path(user_id, token, kind))
