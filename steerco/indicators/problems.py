"""What goes wrong in the indicators app, said so a user can act on it.

`IndicatorError` is the domain error of the services (`.field` names the input at fault).
`Problem` locates a bad cell of an imported file in the shape intake uses (sheet, row,
column, value, message); `ImportResult` is what an importer did or would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class IndicatorError(ValueError):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


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


@dataclass
class ImportResult:
    """An import's outcome: nothing is written unless `committed` (and then all rows are)."""

    file_name: str
    committed: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file_name,
            "committed": self.committed,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [p.as_dict() for p in self.rejected],
            "warnings": [p.as_dict() for p in self.warnings],
        }

    def summary(self) -> str:
        verb = "" if self.committed else "to "
        mode = "written" if self.committed else "preview; nothing written"
        return (
            f"{self.file_name} ({mode}): {self.created} {verb}create, {self.updated} {verb}update, "
            f"{self.unchanged} unchanged, {len(self.rejected)} rejected, "
            f"{len(self.warnings)} warning(s)"
        )
