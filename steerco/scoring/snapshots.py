"""A closed period's unit rows (`SnapshotUnitRow`): its snapshot rows summed per lead unit,
in one statement, when the period closes (and for the periods closed before the unit rows
existed, by their migration)."""

from __future__ import annotations

from typing import Any

COLUMNS = (
    "done_on_time",
    "done_late",
    "on_track",
    "overdue",
    "regular",
    "cancelled",
    "completed_without_evidence",
)


def fill_unit_rows(cursor: Any, *, period_id: int | None) -> None:
    """Sum the snapshot rows of the period (every period when None) per lead unit."""
    where = "WHERE period_id = %s" if period_id is not None else ""
    cursor.execute(
        f"INSERT INTO scoring_snapshotunitrow (period_id, unit_id, {', '.join(COLUMNS)}) "  # noqa: S608
        f"SELECT period_id, unit_id, {', '.join(f'SUM({c})' for c in COLUMNS)} "
        f"FROM scoring_snapshotrow {where} GROUP BY period_id, unit_id",
        [period_id] if period_id is not None else [],
    )
