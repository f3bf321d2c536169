import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.audit.verify import verify


class Command(BaseCommand):
    help = (
        "The audit trail. `audit verify` walks every history hash chain, checks the "
        "append-only triggers and closed periods' chain heads, and names the first broken link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "verify", help="prove the history unchanged; exits 1 naming what is not"
        )
        check.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, action: str, json: bool = False, **options: Any) -> None:
        result = verify()
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            self.stdout.write(result.summary())
        if not result.ok:
            raise CommandError(f"audit verify: {len(result.problems)} problems", returncode=1)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
