"""Scheduled commands record their last success and failure (for /healthz)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from .models import ScheduledRun

# The commands a deployment runs from cron or a timer; /healthz names each, run or not.
SCHEDULED = ("pending sweep", "period close")


@contextmanager
def recorded(command: str) -> Iterator[None]:
    """Run the body as `command`: on success its last success is now; on an exception its
    last failure is now (with the error) and the exception goes on."""
    try:
        yield
    except Exception as error:
        ScheduledRun.objects.update_or_create(
            command=command,
            defaults={"last_failure_at": timezone.now(), "last_error": str(error)[:2000]},
        )
        raise
    ScheduledRun.objects.update_or_create(
        command=command, defaults={"last_success_at": timezone.now()}
    )


def last_runs() -> dict[str, dict[str, str | None]]:
    """Each scheduled command's last success and failure (ISO times; None: never)."""
    rows = {r.command: r for r in ScheduledRun.objects.all()}
    out: dict[str, dict[str, str | None]] = {}
    for command in sorted({*SCHEDULED, *rows}):
        row = rows.get(command)
        out[command] = {
            "last_success": row.last_success_at.isoformat()
            if row and row.last_success_at
            else None,
            "last_failure": row.last_failure_at.isoformat()
            if row and row.last_failure_at
            else None,
        }
    return out
