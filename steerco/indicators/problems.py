"""What goes wrong in the indicators app, said so a user can act on it.

`IndicatorError` is the domain error of the services (`.field` names the input at fault).
`Problem` (steerco.lib.problems) locates a bad cell of an imported file; `ImportResult` is what an importer did or would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from steerco.lib.problems import Problem


class IndicatorError(ValueError):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


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
