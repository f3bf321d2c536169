import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.indicators.models import Indicator
from steerco.indicators.selectors import unit_figure
from steerco.lib.calendar_periods import CalendarPeriodError, parse_calendar_period
from steerco.units.cli import unit_arg


class Command(BaseCommand):
    help = "One indicator at one unit for one period: value, aggregate, target, achievement."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="print a unit's figure")
        show.add_argument("--unit", required=True, help="unit code or exact name")
        show.add_argument("--indicator", required=True, help="indicator code")
        show.add_argument("--period", required=True, help="2025, 2025-H1, 2025-Q3 or 2025-09")
        show.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: object, **o: object) -> None:
        unit = unit_arg(str(o["unit"]))
        indicator = Indicator.objects.filter(code=str(o["indicator"]).strip()).first()
        if indicator is None:
            raise CommandError(
                f"--indicator: unknown indicator {o['indicator']!r}; see `steerco indicators load`"
            )
        try:
            period = parse_calendar_period(str(o["period"]))
        except CalendarPeriodError as exc:
            raise CommandError(f"--period: {exc}") from None
        data = unit_figure(unit=unit, indicator=indicator, period=period).as_dict()
        if o["as_json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{data['unit']} ({data['code']}) — {indicator.name_vi} — {period}")
        for key in ("value", "own", "aggregate", "target", "expected_value", "achievement"):
            value = data[key]
            self.stdout.write(f"  {key:<15} {'—' if value is None else value}")
        self.stdout.write(f"  {'status':<15} {data['status'] or '—'}")
        self.stdout.write(f"  {'reported':<15} {data['reported']} of {data['expected']}")
        if data["reason"]:
            self.stdout.write(f"  {'no value':<15} {data['reason']}")
