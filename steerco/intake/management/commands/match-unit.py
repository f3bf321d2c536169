import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.intake.unitnames import UnitDirectory, UnitNameError
from steerco.units.cli import unit_arg


class Command(BaseCommand):
    help = 'Find the units a plan\'s cell names: `match-unit "Sở KH&CN, UBND các xã" --within 08` prints JSON.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "text", help='e.g. "Sở KH&CN", "UBND các xã, phường", "SKHCN; Sở Tài chính"'
        )
        parser.add_argument(
            "--within", required=True, help="the scope unit (code or exact name), e.g. 08"
        )

    def handle(self, *args: Any, text: str, within: str, **options: Any) -> None:
        scope = unit_arg(within, "--within")
        try:
            found = UnitDirectory(scope).match(text, role="lookup")
        except UnitNameError as exc:
            raise CommandError(str(exc)) from None
        for warning in found.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(
            json.dumps([{"code": u.code, "name": u.name} for u in found.units], ensure_ascii=False)
        )
