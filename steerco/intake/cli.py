"""Helpers shared by the intake commands."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError


def read_upload(path: str) -> tuple[str, bytes]:
    """The file's name and bytes, refusing a missing or oversized file before reading it."""
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{path}: no such file")
    limit = settings.STEERCO_IMPORT_MAX_BYTES
    if file.stat().st_size > limit:
        raise CommandError(
            f"{path}: the file is {file.stat().st_size / 2**20:.1f} MB; the limit is {limit / 2**20:.1f} MB"
        )
    return file.name, file.read_bytes()


def file_problem_json(message: str, name: str) -> str:
    rejected = [{"sheet": None, "row": None, "column": None, "value": name, "message": message}]
    return json.dumps(
        {"created": 0, "updated": 0, "cascaded": 0, "warnings": [], "rejected": rejected},
        ensure_ascii=False,
    )
