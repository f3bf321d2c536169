"""The task page's history: its progress updates, and each extension request and
decision as an entry of its own (a decision moves the deadline in force: the page says so
where it happened), newest first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from steerco.progress.models import Extension, ExtensionStatus, ProgressUpdate


@dataclass(frozen=True)
class ExtensionEntry:
    """An extension request or its decision, as one line of a task's history."""

    on: date
    status: str  # ExtensionStatus: requested, approved, rejected
    extension: Extension
    by: Any  # the user who asked or decided (None for an import or the system)
    note: str
    is_extension: bool = True

    @property
    def approved(self) -> bool:
        return self.status == ExtensionStatus.APPROVED

    @property
    def label(self) -> str:
        return str(ExtensionStatus(self.status).label)


def task_timeline(
    *, updates: Iterable[ProgressUpdate], extensions: Iterable[Extension]
) -> list[ProgressUpdate | ExtensionEntry]:
    """`updates` (newest first) with the requests and decisions of `extensions` (read with
    select_related("requested_by", "decision__decided_by")) placed by their dates; on one
    day a decision comes after its request, both after the day's updates."""
    entries: list[tuple[date, int, ProgressUpdate | ExtensionEntry]] = [
        (u.reported_on, 0, u) for u in updates
    ]
    for e in extensions:
        entries.append(
            (
                e.requested_on,
                1,
                ExtensionEntry(
                    e.requested_on, ExtensionStatus.REQUESTED, e, e.requested_by, e.reason
                ),
            )
        )
        decision = e.decision_row
        if decision is not None:
            entry = ExtensionEntry(
                decision.decided_on, decision.status, e, decision.decided_by, decision.note
            )
            entries.append((decision.decided_on, 2, entry))
    entries.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [entry for _day, _rank, entry in entries]
