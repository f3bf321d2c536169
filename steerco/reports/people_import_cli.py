"""`steerco people import FILE [--commit] [--json]`: officials from a CSV or XLSX file.

The `people` command (steerco/reports/management/commands/people.py) wires this in:

    from steerco.reports.people_import_cli import add_import_parser, run_import
    add_import_parser(subparsers)           # in add_arguments
    run_import(options, self.stdout)        # when options["subcommand"] == "import"

Without --commit, print what would be created, updated and rejected; with --commit, write
every row or none. Run as the system (an operator at the console): no unit check.
Rejections end the command with an error (exit status 1) after printing them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from typing import Any, TextIO

from django.core.management.base import CommandError

from steerco.lib.tablefiles import TableFileError
from steerco.people.imports import PeopleImport, people_import_commit, people_import_preview


def add_import_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help=(
            "Import officials from a .csv or .xlsx file (full name, position, unit code, "
            "user name, in post from, in post until); a preview unless --commit."
        ),
    )
    parser.add_argument("file", help="the .csv or .xlsx file")
    parser.add_argument("--commit", action="store_true", help="write the officials (all or none)")
    parser.add_argument("--json", action="store_true", dest="as_json")
    return parser


def _option(options: Mapping[str, Any] | argparse.Namespace, name: str) -> Any:
    if isinstance(options, Mapping):
        return options.get(name)
    return getattr(options, name, None)


def describe(result: PeopleImport) -> str:
    mode = "written" if result.committed else "preview; nothing written"
    lines = [f"{result.file_name} ({mode})"]
    marks = {"create": "+", "update": "~ updates the official recorded:", "unchanged": "="}
    for row in result.rows:
        dates = " – ".join(
            d.strftime("%d/%m/%Y") if d else "…" for d in (row.active_from, row.active_until)
        )
        account = f" [{row.user.get_username()}]" if row.user is not None else ""
        lines.append(
            f"{marks[row.action]} row {row.row}: {row.full_name}, {row.position or '—'}, "
            f"{row.unit.code}{account}, {dates}"
        )
    if result.rejected:
        lines.append("rejected:")
        lines += [f"  {p}" for p in result.rejected]
    verb = "" if result.committed else "to "
    lines.append(
        f"{result.count('create')} {verb}create, {result.count('update')} {verb}update, "
        f"{result.count('unchanged')} unchanged, {len(result.rejected)} rejected"
    )
    return "\n".join(lines)


def run_import(options: Mapping[str, Any] | argparse.Namespace, stdout: TextIO) -> None:
    path = str(_option(options, "file"))
    as_json = bool(_option(options, "as_json"))
    try:
        result = people_import_preview(path, None)
    except (OSError, TableFileError) as exc:
        raise CommandError(f"{path}: {exc}") from None
    if _option(options, "commit"):
        people_import_commit(result)
    stdout.write(json.dumps(result.as_dict(), ensure_ascii=False) if as_json else describe(result))
    stdout.write("\n")
    if result.rejected:
        raise CommandError(f"{len(result.rejected)} problem(s); nothing written")
