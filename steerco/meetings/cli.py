"""Command-line arguments that name a meeting."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from .models import Meeting


def meeting_arg(value: str | int) -> Meeting:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise CommandError(f"--meeting: {value!r} is not a meeting id (a number)") from None
    meeting = Meeting.objects.select_related("committee__parent", "notice").filter(pk=pk).first()
    if meeting is None:
        raise CommandError(f"--meeting: no meeting {pk}")
    return meeting


def output_arg(value: str) -> Path:
    path = Path(value)
    if not path.parent.is_dir():
        raise CommandError(f"-o: folder {str(path.parent)!r} does not exist")
    return path
