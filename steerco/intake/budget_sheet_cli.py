"""`steerco sheet budget-export` and `steerco sheet budget-import`: the disbursement
sheet's round trip on the command line (added to the `sheet` command's subcommands)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from steerco.lib.cli import parse_day
from steerco.units.cli import unit_arg

from .budget_sheet_import import BudgetSheetError, BudgetSheetImport, budget_sheet_import
from .budget_sheets import budget_sheet_export
from .cli import file_problem_json, read_upload
from .readers import IntakeFileError

ACTIONS = ("budget-export", "budget-import")


def add_subcommands(sub: Any) -> None:
    export = sub.add_parser("budget-export", help="write a unit's disbursement sheet for a year")
    export.add_argument("--unit", required=True, help="unit code or exact name")
    export.add_argument("--year", required=True, type=int, help="the budget year")
    export.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    upload = sub.add_parser("budget-import", help="record a filled-in disbursement sheet")
    upload.add_argument("sheet_file")
    upload.add_argument("--commit", action="store_true", help="record the payments (all or none)")
    upload.add_argument("--json", action="store_true", dest="as_json")
    upload.add_argument("--unit", help="the unit the sheet must be of (default: the sheet's)")
    upload.add_argument("--user", help="record as this user (checks their right to record)")
    upload.add_argument("--as-of", help="today for the checks (YYYY-MM-DD; default today)")


def handle(command: BaseCommand, action: str, o: dict[str, Any]) -> None:
    if action == "budget-export":
        unit = unit_arg(o["unit"])
        data = budget_sheet_export(unit=unit, year=o["year"], exported_on=timezone.localdate())
        Path(o["output"]).write_bytes(data)
        command.stdout.write(
            f"wrote the disbursement sheet of {unit.name} for {o['year']} to {o['output']}"
        )
        return
    user = None
    if o["user"]:
        user = get_user_model().objects.filter(username=o["user"]).first()
        if user is None:
            raise CommandError(f"--user: no user {o['user']!r}")
    today = parse_day(o["as_of"], "--as-of") if o["as_of"] else timezone.localdate()
    name, data = read_upload(o["sheet_file"])
    try:
        result = budget_sheet_import(
            name=name,
            data=data,
            unit=unit_arg(o["unit"]) if o["unit"] else None,
            user=user,
            commit=o["commit"],
            today=today,
        )
    except (IntakeFileError, BudgetSheetError) as exc:
        if o["as_json"]:
            command.stdout.write(file_problem_json(str(exc), name))
        raise CommandError(str(exc)) from None
    command.stdout.write(
        json.dumps(result.as_dict(), ensure_ascii=False) if o["as_json"] else describe(result)
    )
    if result.rejected:
        raise CommandError(f"{len(result.rejected)} problem(s); nothing written")


def describe(result: BudgetSheetImport) -> str:
    mode = "written" if result.committed else "preview; nothing written"
    lines = [f"{result.file_name}: disbursements of {result.unit.name}, {result.year} ({mode})"]
    for p in result.payments:
        lines.append(
            f"+ row {p.row}: {p.task.reference or p.task.pk} {p.source} {p.amount:,} đồng "
            f"on {p.paid_on:%d/%m/%Y}, voucher {p.voucher}".replace(",", ".")
        )
    for p in result.already:
        lines.append(f"= row {p.row}: voucher {p.voucher} already recorded")
    if result.rejected:
        lines.append("rejected:")
        lines += [f"  {p}" for p in result.rejected]
    lines.append(f"{len(result.payments)} payment(s), {len(result.already)} already recorded")
    return "\n".join(lines)


__all__ = ["ACTIONS", "add_subcommands", "handle"]
