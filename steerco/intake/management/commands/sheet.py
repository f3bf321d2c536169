import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from steerco.intake import budget_sheet_cli
from steerco.intake.cli import file_problem_json, read_upload
from steerco.intake.readers import IntakeFileError
from steerco.intake.sheets import SheetError, SheetImport, sheet_export, sheet_import, sheet_rebase
from steerco.lib.cli import parse_day
from steerco.units.cli import unit_arg


class Command(BaseCommand):
    help = (
        "Progress sheets. `sheet export --unit UNIT -o FILE` writes a unit's open tasks to .xlsx; "
        "`sheet import FILE [--commit] [--json] [--rebase NEW]` records the filled-in rows as progress "
        "updates (all or none). `sheet budget-export --unit UNIT --year Y -o FILE` and "
        "`sheet budget-import FILE [--commit] [--json]`: the disbursement sheet (payments, once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write a unit's progress sheet")
        export.add_argument("--unit", required=True, help="unit code or exact name")
        export.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        upload = sub.add_parser("import", help="record a filled-in progress sheet")
        upload.add_argument("sheet_file")
        upload.add_argument(
            "--commit", action="store_true", help="write the updates (all rows or none)"
        )
        upload.add_argument("--json", action="store_true", dest="as_json")
        upload.add_argument(
            "--as-of", help="the date the updates speak for (YYYY-MM-DD; default today)"
        )
        upload.add_argument(
            "--user", help="record the updates as this user (checks their right to report)"
        )
        upload.add_argument(
            "--rebase",
            metavar="FILE",
            help="after conflicts, write a fresh sheet keeping every entry to FILE",
        )
        budget_sheet_cli.add_subcommands(sub)  # the disbursement sheet (issue 21)

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        if action in budget_sheet_cli.ACTIONS:
            budget_sheet_cli.handle(self, action, o)
            return
        if action == "export":
            unit = unit_arg(o["unit"])
            data = sheet_export(unit=unit, exported_on=timezone.localdate())
            Path(o["output"]).write_bytes(data)
            self.stdout.write(f"wrote the progress sheet of {unit.name} to {o['output']}")
            return
        reported_on = parse_day(o["as_of"], "--as-of") if o["as_of"] else timezone.localdate()
        user = None
        if o["user"]:
            user = get_user_model().objects.filter(username=o["user"]).first()
            if user is None:
                raise CommandError(f"--user: no user {o['user']!r}")
        name, data = read_upload(o["sheet_file"])
        try:
            result = sheet_import(
                name=name, data=data, reported_on=reported_on, user=user, commit=o["commit"]
            )
        except (IntakeFileError, SheetError) as exc:
            if o["as_json"]:
                self.stdout.write(file_problem_json(str(exc), name))
            raise CommandError(str(exc)) from None
        self.stdout.write(
            json.dumps(result.as_dict(), ensure_ascii=False) if o["as_json"] else describe(result)
        )
        if result.conflicts and o["rebase"]:
            Path(o["rebase"]).write_bytes(
                sheet_rebase(name=name, data=data, exported_on=timezone.localdate(), user=user)
            )
            self.stderr.write(
                f"wrote a fresh sheet keeping your entries to {o['rebase']}; check the flagged rows"
            )
        if result.rejected or result.conflicts:
            # The page's choice after conflicts, named: a fresh sheet keeping the entries.
            hint = (
                "; run again with --rebase NEW.xlsx for a fresh sheet that keeps your entries"
                if result.conflicts and not o["rebase"]
                else ""
            )
            raise CommandError(
                f"{len(result.rejected) + len(result.conflicts)} problem(s); nothing written{hint}"
            )


def describe(result: SheetImport) -> str:
    mode = "written" if result.committed else "preview; nothing written"
    unit = result.unit.name if result.unit else "?"
    lines = [f"{result.file_name}: progress of {unit} as of {result.reported_on} ({mode})"]
    for row in result.updates:
        v = row.values
        percent = "" if v["percent"] is None else f" {v['percent']}%"
        lines.append(
            f"+ row {row.row}: {row.task.reference or row.task.pk} -> {v['state']}{percent}"
        )
    for title, problems in (("conflicts:", result.conflicts), ("rejected:", result.rejected)):
        if problems:
            lines.append(title)
            lines += [f"  {p}" for p in problems]
    lines.append(f"{len(result.updates)} update(s), {result.unchanged} unchanged row(s)")
    return "\n".join(lines)
