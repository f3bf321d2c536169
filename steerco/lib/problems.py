"""A problem found in an imported file, located by sheet, row and column — the one shape
every importer reports (plans, progress and value sheets, indicator catalogues, values,
targets, index definitions and published scores)."""

from __future__ import annotations

from dataclasses import dataclass


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
