"""A problem found in an imported file, located by sheet, row and column — the one shape
every importer reports (plans, progress and value sheets, indicator catalogues, values,
targets, index definitions and published scores)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .tablefiles import Row, Table, read_rows


@dataclass(frozen=True)
class Problem:
    sheet: str | None
    row: int | None
    column: str | None
    value: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = (
            f"{self.sheet} row {self.row}" if self.sheet and self.row else (self.sheet or "file")
        )
        column = f", {self.column}" if self.column else ""
        value = f" {self.value[:60]!r}" if self.value else ""
        return f"{where}{column}{value}: {self.message}"


def problem_at(table: Table, row: Row, column: str, message: str) -> Problem:
    """A problem in one cell of a table read by `lib.tablefiles`."""
    return Problem(table.sheet, row.number, column, row.get(column), message)


def tables_with(
    name: str, data: bytes, required: Iterable[str], rejected: list[Problem]
) -> list[Table]:
    """The file's tables that name every required column; a problem in `rejected` for each
    that does not, and for a file with no table at all. Raises TableFileError for a file
    that cannot be read."""
    tables = read_rows(name, data)
    required = tuple(required)
    usable = []
    for table in tables:
        missing = [c for c in required if c not in table.columns]
        if missing:
            rejected.append(
                Problem(
                    table.sheet,
                    1,
                    None,
                    ", ".join(table.columns),
                    f"missing column(s) {', '.join(missing)}; expected {', '.join(required)}",
                )
            )
        else:
            usable.append(table)
    if not tables:
        rejected.append(Problem(None, None, None, name, "the file holds no table"))
    return usable
