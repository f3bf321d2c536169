from django.core.management.base import BaseCommand, CommandParser

from steerco.indicators.imports import catalogue_load
from steerco.indicators.management.importing import add_import_arguments, run_import


class Command(BaseCommand):
    help = (
        "The indicator catalogue. `indicators load FILE` reads definitions from .csv or .xlsx "
        "(matched by code); without --commit it only says what would change."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_import_arguments(sub.add_parser("load", help="load definitions (idempotent)"))

    def handle(self, *args: object, file: str, commit: bool, as_json: bool, **o: object) -> None:
        run_import(self, catalogue_load, path=file, commit=commit, as_json=as_json)
