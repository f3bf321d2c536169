"""`steerco values`: indicator values in (import) and a unit's locked value sheet out and
back (sheet export / sheet import). It lives in intake because the sheet does: intake may
read indicators, not the other way round."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from steerco.indicators.imports import values_import
from steerco.indicators.management.importing import add_import_arguments, run_import
from steerco.intake.cli import read_upload
from steerco.intake.readers import IntakeFileError
from steerco.intake.value_sheets import (
    ValueSheetError,
    ValueSheetImport,
    value_sheet_export,
    value_sheet_import,
)
from steerco.lib.calendar_periods import CalendarPeriod, CalendarPeriodError, parse_calendar_period
from steerco.units.cli import unit_arg


class Command(BaseCommand):
    help = (
        "Indicator values. `values import FILE` reads unit, indicator, period, value rows from "
        ".csv or .xlsx; every row is written (a new version each) or none. `values sheet "
        "export --unit UNIT --period P -o FILE` writes a unit's locked value sheet; `values "
        "sheet import FILE --unit UNIT [--commit] [--json]` records its values, all or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_import_arguments(sub.add_parser("import", help="import values"))
        sheet = sub.add_parser("sheet", help="a unit's locked value sheet")
        sheet_sub = sheet.add_subparsers(dest="sheet_action", required=True)
        export = sheet_sub.add_parser("export", help="write a unit's value sheet for a period")
        export.add_argument("--unit", required=True, help="unit code or exact name")
        export.add_argument("--period", required=True, help="2025, 2025-H1, 2025-Q3 or 2025-09")
        export.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        upload = sheet_sub.add_parser("import", help="record a filled-in value sheet")
        upload.add_argument("sheet_file")
        upload.add_argument("--unit", required=True, help="the unit the sheet must be of")
        upload.add_argument("--period", help="the period the sheet must be of (default: its own)")
        upload.add_argument("--commit", action="store_true", help="write every value, or none")
        upload.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        if action == "import":
            run_import(
                self, values_import, path=o["file"], commit=o["commit"], as_json=o["as_json"]
            )
            return
        unit = unit_arg(o["unit"])
        period = _period(o["period"]) if o.get("period") else None
        if o["sheet_action"] == "export":
            assert period is not None
            data = value_sheet_export(unit=unit, period=period, exported_on=timezone.localdate())
            Path(o["output"]).write_bytes(data)
            self.stdout.write(f"wrote the value sheet of {unit.name} for {period} to {o['output']}")
            return
        name, data = read_upload(o["sheet_file"])
        try:
            result = value_sheet_import(
                name=name, data=data, unit=unit, period=period, commit=o["commit"]
            )
        except (IntakeFileError, ValueSheetError) as exc:
            if o["as_json"]:
                problem = {"sheet": None, "row": None, "column": None, "value": name}
                failed = {"recorded": [], "rejected": [{**problem, "message": str(exc)}]}
                self.stdout.write(json.dumps(failed, ensure_ascii=False))
            raise CommandError(str(exc)) from None
        self.stdout.write(
            json.dumps(result.as_dict(), ensure_ascii=False) if o["as_json"] else _describe(result)
        )
        if result.rejected:
            raise CommandError(f"{len(result.rejected)} problem(s); nothing written")


def _period(text: str) -> CalendarPeriod:
    try:
        return parse_calendar_period(text)
    except CalendarPeriodError as exc:
        raise CommandError(f"--period: {exc}") from None


def _describe(result: ValueSheetImport) -> str:
    lines = [f"rejected: {p}" for p in result.rejected]
    lines += [f"warning: {p}" for p in result.warnings]
    done = "recorded" if result.committed else "to record (dry run; --commit writes)"
    lines.append(
        f"{result.unit.code} {result.period}: {len(result.recorded)} value(s) {done}, "
        f"{len(result.unchanged)} unchanged"
    )
    return "\n".join(lines)
