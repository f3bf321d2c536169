from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from steerco.indicators.budget_values import budget_values_compute, month_period, months_to_date
from steerco.indicators.imports import catalogue_load
from steerco.indicators.management.importing import add_import_arguments, run_import
from steerco.indicators.problems import IndicatorError
from steerco.lib.calendar_periods import CalendarPeriodError, parse_calendar_period
from steerco.lib.cli import parse_day
from steerco.units.cli import unit_arg


class Command(BaseCommand):
    help = (
        "The indicator catalogue. `indicators load FILE` reads definitions from .csv or .xlsx "
        "(matched by code); without --commit it only says what would change. `indicators "
        "budget --period 2026-11` records the budget's allocated and disbursed amounts (and so "
        "the disbursement rate) of every unit with money for the month."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_import_arguments(sub.add_parser("load", help="load definitions (idempotent)"))
        budget = sub.add_parser(
            "budget",
            help="compute the budget indicators for a month, or every month of a year to date",
        )
        budget.add_argument("--period", required=True, help="a month (2026-11) or a year (2026)")
        budget.add_argument("--unit", help="only this unit's subtree (code or exact name)")
        budget.add_argument("--as-of", help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        if action == "load":
            run_import(
                self, catalogue_load, path=o["file"], commit=o["commit"], as_json=o["as_json"]
            )
            return
        unit = unit_arg(o["unit"]) if o["unit"] else None
        as_of = parse_day(o["as_of"], "--as-of") if o["as_of"] else timezone.localdate()
        try:
            period = parse_calendar_period(o["period"])
            months = (
                months_to_date(period.year, as_of)
                if period.type == "year"
                else [month_period(period)]
            )
            for month in months:
                result = budget_values_compute(period=month, unit=unit, as_of=as_of)
                self.stdout.write(result.line())
        except CalendarPeriodError as exc:
            raise CommandError(f"--period: {exc}") from None
        except IndicatorError as exc:
            raise CommandError(f"--{exc.field or 'period'}: {exc}") from None
