"""What the three indicator importers share: the unit look-up (reading the tables and
locating problems are `lib.problems.tables_with` and `problem_at`, shared with every
importer)."""

from __future__ import annotations

from collections.abc import Iterable

from steerco.units.models import Unit


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
