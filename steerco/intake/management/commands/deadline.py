import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.intake.deadlines import DeadlineError, parse_deadline


class Command(BaseCommand):
    help = 'Read a deadline as plans write it: `deadline "Quý II/2025" [--year 2025]` prints JSON.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help='e.g. "Quý II/2025", "30/6/2025", "Thường xuyên"')
        parser.add_argument(
            "--year", type=int, help="the plan's year, for a deadline that names none"
        )

    def handle(self, *args: Any, text: str, year: int | None, **options: Any) -> None:
        try:
            deadline = parse_deadline(text, year=year)
        except DeadlineError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(deadline.as_dict(), ensure_ascii=False))
