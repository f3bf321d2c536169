import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.audit.context import acting_as
from steerco.directives.cli import directive_arg
from steerco.exchange.selectors import exchange_document
from steerco.exchange.services import (
    ExchangeError,
    ImportResult,
    exchange_import,
    read_document,
)
from steerco.lib.cli import parse_day
from steerco.units.cli import unit_arg


class Command(BaseCommand):
    help = (
        "Directives, tasks and their history between steerco instances by file. "
        "`exchange export --unit U --directive S [--directive S2 ...] [--since DATE] -o F.json`; "
        "`exchange import F.json [--commit] [--json]` (a preview unless --commit; all or nothing; "
        "the same document twice changes nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write an exchange document")
        export.add_argument("--unit", required=True, help="unit code or exact name")
        export.add_argument(
            "--directive", action="append", required=True, help="a directive's symbol (repeat)"
        )
        export.add_argument("--since", help="only history recorded on or after (YYYY-MM-DD)")
        export.add_argument("-o", "--output", required=True, help="the .json file to write")
        upload = sub.add_parser("import", help="read an exchange document")
        upload.add_argument("document_file")
        upload.add_argument("--commit", action="store_true", help="write it (all rows or none)")
        upload.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        if action == "export":
            unit = unit_arg(o["unit"])
            directives = [directive_arg(s) for s in o["directive"]]
            since = parse_day(o["since"], "--since") if o["since"] else None
            document = exchange_document(unit=unit, directives=directives, since=since)
            Path(o["output"]).write_text(document.model_dump_json(indent=1), encoding="utf-8")
            self.stdout.write(
                f"wrote {len(document.directives)} directive(s), {len(document.tasks)} task(s), "
                f"{len(document.updates)} update(s), {len(document.extensions)} extension(s) and "
                f"{len(document.decisions)} decision(s) of {unit.name} to {o['output']}"
            )
            return
        path = Path(o["document_file"])
        try:
            document = read_document(path.read_bytes())
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        except ExchangeError as exc:
            if o["as_json"]:
                self.stdout.write(json.dumps({"error": str(exc), "field": exc.field}))
            raise CommandError(f"{path}: {exc}") from None
        with acting_as(None):
            result = exchange_import(document=document, commit=o["commit"])
        self.stdout.write(
            json.dumps(result.as_dict(), ensure_ascii=False) if o["as_json"] else describe(result)
        )
        if result.refused:
            raise CommandError(f"{len(result.refused)} row(s) refused; nothing written")


def describe(result: ImportResult) -> str:
    """One line per refused row (! and the reason), then the counts by kind."""
    lines = [f"! {i.label} ({i.kind} {i.id}): {i.reason}" for i in result.refused]
    for kind, n in result.counts().items():
        lines.append(f"{kind}: {n['create']} new, {n['skip']} already here, {n['refuse']} refused")
    lines.append("written" if result.committed else "preview; nothing written")
    return "\n".join(lines)
