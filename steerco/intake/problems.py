"""A problem found in an uploaded file, located by sheet, row and column (plans and sheets)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
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
        where = f"{self.sheet}!{self.column or ''}{self.row or ''}" if self.sheet else "file"
        value = f" {self.value[:60]!r}" if self.value else ""
        return f"{where}{value}: {self.message}"
