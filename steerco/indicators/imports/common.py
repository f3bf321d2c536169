"""What the three importers share: reading the tables, required columns, unit look-up."""

from __future__ import annotations

from collections.abc import Iterable

from steerco.lib.tablefiles import Row, Table, read_rows
from steerco.units.models import Unit

from ..problems import ImportResult, Problem


def tables_with(
    name: str, data: bytes, required: Iterable[str], result: ImportResult
) -> list[Table]:
    """The file's tables that name every required column; a problem for each that does not.
    Raises TableFileError for a file that cannot be read at all."""
    tables = read_rows(name, data)
    required = tuple(required)
    usable = []
    for table in tables:
        missing = [c for c in required if c not in table.columns]
        if missing:
            result.rejected.append(
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
        result.rejected.append(Problem(None, None, None, name, "the file holds no table"))
    return usable


def problem(table: Table, row: Row, column: str, message: str) -> Problem:
    return Problem(table.sheet, row.number, column, row.get(column), message)


class UnitLookup:
    """Units by code or exact name for the rows of a file, in two queries."""

    def __init__(self, texts: Iterable[str]) -> None:
        texts = {t.strip() for t in texts if t.strip()}
        self.by_code = {u.code: u for u in Unit.objects.filter(code__in=texts)}
        self.by_name: dict[str, list[Unit]] = {}
        for unit in Unit.objects.filter(name__in=texts - set(self.by_code)).order_by("path"):
            self.by_name.setdefault(unit.name, []).append(unit)

    def find(self, text: str) -> tuple[Unit | None, str]:
        """The unit, or None and why."""
        text = text.strip()
        if not text:
            return None, "required"
        if text in self.by_code:
            return self.by_code[text], ""
        named = self.by_name.get(text, [])
        if len(named) == 1:
            return named[0], ""
        if named:
            codes = ", ".join(u.code for u in named[:5])
            return None, f"{len(named)} units are named {text!r} ({codes}); give the code"
        return None, f"unknown unit {text!r}: expected a unit code (e.g. 08) or an exact name"
