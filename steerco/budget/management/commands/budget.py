"""`steerco budget summary --unit 08 --year 2025 [--as-of D] [--json] [--lang vi|en]`:
the money of a unit's subtree — totals, by funding source, directive and lead unit, the
slowest-disbursing units — as the budget page and the meeting report show it.

`steerco budget ledger --check | --rebuild`: compare the budget ledger (the sums the
summary reads) with the history rows, exit 1 listing the differences; or recompute it."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from steerco.budget import ledger
from steerco.budget.selectors import BudgetSummary, Line, budget_summary
from steerco.budget.sentences import rate_text
from steerco.lib.cli import lang_arg, parse_day
from steerco.lib.money import format_vnd_billions
from steerco.units.cli import unit_arg


def year_arg(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        raise CommandError(f"--year: {value!r} is not a budget year; expected e.g. 2025")
    return year


class Command(BaseCommand):
    help = "Budget figures. `budget summary --unit 08 --year 2025` sums a unit's subtree."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        summary = sub.add_parser("summary", help="estimated, allocated, disbursed, rate")
        summary.add_argument("--unit", required=True, help="unit code or exact name")
        summary.add_argument("--year", required=True, help="budget year, e.g. 2025")
        summary.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
        summary.add_argument("--lang", default="vi", help="vi or en")
        summary.add_argument("--json", action="store_true")
        kept = sub.add_parser("ledger", help="check or rebuild the sums the summary reads")
        what = kept.add_mutually_exclusive_group(required=True)
        what.add_argument("--check", action="store_true", help="compare with the rows")
        what.add_argument("--rebuild", action="store_true", help="recompute from the rows")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["action"] == "ledger":
            self._ledger(rebuild=o["rebuild"])
            return
        unit = unit_arg(o["unit"])
        year = year_arg(o["year"])
        as_of = parse_day(o["as_of"], "--as-of") if o["as_of"] else timezone.localdate()
        lang = lang_arg(o["lang"])
        with translation.override(lang):
            summary = budget_summary(unit, year, as_of)
            data = summary.as_dict(lang)
        if o["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self._write_text(summary, data, lang)

    def _ledger(self, *, rebuild: bool) -> None:
        if rebuild:
            self.stdout.write(f"budget ledger rebuilt: {ledger.rebuild():,} rows")
            return
        differences = ledger.differences()
        if not differences:
            self.stdout.write("budget ledger: equal to the sums of the rows")
            return
        for line in differences:
            self.stdout.write(line)
        raise CommandError(
            "the budget ledger differs from the rows (first differences above); "
            "`steerco budget ledger --rebuild` recomputes it"
        )

    def _write_text(self, summary: BudgetSummary, data: dict[str, Any], lang: str) -> None:
        self.stdout.write(f"{summary.unit_name} — {summary.year} — {summary.as_of}")
        self.stdout.write(data["sentence"])
        if data["slowest_sentence"]:
            self.stdout.write(data["slowest_sentence"])
        for title, lines in (
            ("by source", summary.by_source),
            ("by directive", summary.by_directive),
            ("by lead unit", summary.by_unit),
        ):
            self.stdout.write(f"{title}:")
            for line in lines:
                self.stdout.write("  " + _line_text(line, lang))


def _line_text(line: Line, lang: str) -> str:
    f = line.figures
    return (
        f"{line.label}: {format_vnd_billions(f.estimated, lang)} / "
        f"{format_vnd_billions(f.allocated, lang)} / {format_vnd_billions(f.disbursed, lang)}"
        f" ({rate_text(f, lang)})"
    )
