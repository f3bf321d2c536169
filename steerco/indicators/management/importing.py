"""What the three import commands share: read the file, run the import, print, exit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.lib.tablefiles import TableFileError

from ..problems import ImportResult, IndicatorError, Problem

Importer = Callable[..., ImportResult]


def add_import_arguments(parser: CommandParser) -> None:
    parser.add_argument("file", help=".csv or .xlsx")
    parser.add_argument("--commit", action="store_true", help="write every row, or none")
    parser.add_argument("--json", action="store_true", dest="as_json")


def read_file(path: str) -> tuple[str, bytes]:
    """The file's name and bytes, refusing a missing or oversized file before reading it."""
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{path}: no such file")
    limit = settings.STEERCO_IMPORT_MAX_BYTES
    if file.stat().st_size > limit:
        raise CommandError(
            f"{path}: the file is {file.stat().st_size / 2**20:.1f} MB; the limit is {limit / 2**20:.1f} MB"
        )
    return file.name, file.read_bytes()


def run_import(
    command: BaseCommand, importer: Importer, *, path: str, commit: bool, as_json: bool
) -> None:
    name, data = read_file(path)
    try:
        result = importer(name=name, data=data, commit=commit)
    except (TableFileError, IndicatorError) as exc:
        if as_json:
            failed = ImportResult(name, rejected=[Problem(None, None, None, name, str(exc))])
            command.stdout.write(json.dumps(failed.as_dict(), ensure_ascii=False))
        raise CommandError(str(exc)) from None
    if as_json:
        command.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        lines = [f"rejected: {p}" for p in result.rejected]
        lines += [f"warning: {p}" for p in result.warnings]
        command.stdout.write("\n".join([*lines, result.summary()]))
    if result.rejected:
        raise CommandError(f"{len(result.rejected)} problem(s); nothing written")
