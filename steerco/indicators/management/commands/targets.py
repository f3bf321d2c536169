from django.core.management.base import BaseCommand, CommandParser

from steerco.indicators.imports import targets_import
from steerco.indicators.management.importing import add_import_arguments, run_import


class Command(BaseCommand):
    help = (
        "Indicator targets. `targets import FILE` reads unit, indicator, period, target rows "
        "(optional baseline, baseline_period, trajectory) from .csv or .xlsx, all or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_import_arguments(sub.add_parser("import", help="import targets"))

    def handle(self, *args: object, file: str, commit: bool, as_json: bool, **o: object) -> None:
        run_import(self, targets_import, path=file, commit=commit, as_json=as_json)
