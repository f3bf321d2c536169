import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.directives.cli import directive_arg
from steerco.directives.models import DirectiveKind
from steerco.directives.services import DirectiveError, directive_create
from steerco.lib.cli import parse_day
from steerco.units.cli import unit_arg


class Command(BaseCommand):
    help = "Directives. `directive add --symbol S --kind K --issuer UNIT --date D --title T [--implements S]`"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="create a directive")
        add.add_argument("--symbol", required=True)
        add.add_argument("--kind", required=True, help=" | ".join(DirectiveKind.values))
        add.add_argument("--issuer", required=True, help="unit code or exact name")
        add.add_argument("--date", required=True, help="YYYY-MM-DD")
        add.add_argument("--title", required=True)
        add.add_argument("--implements", help="symbol of the directive this one implements")
        add.add_argument("--requires-acceptance", action="store_true")
        add.add_argument("--json", action="store_true")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        if o["kind"] not in DirectiveKind.values:
            raise CommandError(
                f"--kind: {o['kind']!r} is not a kind; expected {' | '.join(DirectiveKind.values)}"
            )
        issuer = unit_arg(o["issuer"], "--issuer")
        issued_on = parse_day(o["date"], "--date")
        implements = directive_arg(o["implements"], "--implements")
        try:
            directive = directive_create(
                symbol=o["symbol"],
                kind=o["kind"],
                issuer=issuer,
                issued_on=issued_on,
                title=o["title"],
                implements=implements,
                requires_acceptance=o["requires_acceptance"],
            )
        except DirectiveError as exc:
            raise CommandError(f"--{exc.field or 'symbol'}: {exc}") from None
        if o["json"]:
            self.stdout.write(
                json.dumps({"id": directive.pk, "symbol": directive.symbol}, ensure_ascii=False)
            )
        else:
            self.stdout.write(f"created directive {directive.symbol} (id {directive.pk})")
