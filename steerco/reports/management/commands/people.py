"""`steerco people import FILE [--commit] [--json]`: officials from a CSV or XLSX file
(reports/people_import_cli.py).

`steerco people scorecard --person ID --year Y [--json] [--lang vi|en] [--format docx|xlsx
-o FILE]`: an official's scorecard for a calendar year — the same figures as the page
/officials/<id>/scorecard/ and its annex — and every run logged in the audit trail as an
opening of personal data (Decree 13/2023), by the system operator through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from steerco.audit.context import acting_as
from steerco.audit.services import personal_data_viewed_record
from steerco.lib.cli import lang_arg
from steerco.lib.days import FIRST_DAY, LAST_DAY
from steerco.people.models import Person
from steerco.reports.labels import Words
from steerco.reports.people_import_cli import add_import_parser, run_import
from steerco.reports.person_annex import (
    FORMATS,
    figure_rows,
    render_annex_docx,
    render_annex_xlsx,
)
from steerco.scoring.people import PersonScorecard, calendar_year, person_scorecard


def person_arg(value: str) -> Person:
    try:
        pk = int(value)
    except ValueError:
        raise CommandError(f"--person: {value!r} is not an official's id (a number)") from None
    person = Person.objects.select_related("unit").filter(pk=pk).first()
    if person is None:
        raise CommandError(f"--person: no official has id {pk}")
    return person


def year_arg(value: str | None) -> int:
    if value is None:
        return timezone.localdate().year
    try:
        year = int(value)
    except ValueError:
        year = 0
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise CommandError(
            f"--year: {value!r} is not a year; expected {FIRST_DAY.year}–{LAST_DAY.year}"
        )
    return year


class Command(BaseCommand):
    help = (
        "Officials. `people import FILE [--commit]` imports them; `people scorecard --person ID"
        " --year Y` prints an official's scorecard."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        card = sub.add_parser("scorecard", help="an official's tasks in a year and how they ended")
        card.add_argument("--person", required=True, help="the official's id")
        card.add_argument("--year", help="calendar year (default: this year)")
        card.add_argument("--lang", default="vi", help="vi or en")
        card.add_argument("--json", action="store_true", help="the figures and tasks as JSON")
        card.add_argument("--format", choices=sorted(FORMATS), help="write the annex as a file")
        card.add_argument("-o", "--output", help="the file to write the annex to (with --format)")
        add_import_parser(sub)

    def handle(self, *args: Any, **o: Any) -> None:
        if o["action"] == "scorecard":
            self._scorecard(o)
        elif o["action"] == "import":
            run_import(o, cast(TextIO, self.stdout))  # OutputWrapper writes text

    def _scorecard(self, o: dict[str, Any]) -> None:
        person = person_arg(o["person"])
        year = year_arg(o["year"])
        lang = lang_arg(o["lang"])
        fmt = o["format"]
        if fmt and not o["output"]:
            raise CommandError(f"-o: give the file to write the {fmt} annex to")
        if fmt and not Path(o["output"]).parent.is_dir():
            raise CommandError(f"-o: folder {str(Path(o['output']).parent)!r} does not exist")
        card = person_scorecard(
            person=person, period=calendar_year(year), today=timezone.localdate()
        )
        with acting_as(None, "cli"):
            personal_data_viewed_record(
                person=person, period=card.period.label, opened_as=fmt or "cli"
            )
        if fmt:
            body = (render_annex_docx if fmt == "docx" else render_annex_xlsx)(card, lang)
            Path(o["output"]).write_bytes(body)
            self.stderr.write(f"{o['output']}: {len(body):,} bytes")
        elif o["json"]:
            self.stdout.write(json.dumps(card.as_dict(), ensure_ascii=False))
        else:
            self._write_text(card, lang)

    def _write_text(self, card: PersonScorecard, lang: str) -> None:
        w = Words(lang)
        self.stdout.write(f"{card.full_name} — {card.position} — {card.unit}")
        self.stdout.write(f"{card.period.label} ({w.day(card.as_of)})")
        for label, value in figure_rows(card, w):
            self.stdout.write(f"  {label}: {value}")
        for t in card.tasks:
            deadline = w.day(t.deadline) or "—"
            self.stdout.write(
                f"  {t.directive} · {t.reference or '—'} · {deadline} · {w.task_class(t.task_class)}"
            )
