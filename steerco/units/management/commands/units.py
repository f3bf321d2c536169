import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from steerco.units.loading import load_vietnam_units, unit_count_by_kind


class Command(BaseCommand):
    help = "Manage the organisation tree. `units load` loads Vietnam's 34 provinces, 3,321 communes and their departments."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="load (or refresh) the Vietnamese units; idempotent")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        started = time.perf_counter()
        result = load_vietnam_units()
        elapsed = time.perf_counter() - started
        counts = ", ".join(f"{k}: {v}" for k, v in unit_count_by_kind().items())
        self.stdout.write(
            f"units: {result.created} created, {result.unchanged} unchanged in {elapsed:.1f}s ({counts})"
        )
