import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.directives.cli import directive_arg
from steerco.lib.cli import lang_arg, parse_day
from steerco.scoring.scope import scope_for
from steerco.scoring.selectors import class_counts
from steerco.scoring.sentences import summary_sentence
from steerco.units.cli import unit_arg


class Command(BaseCommand):
    help = "Counts by class and rates for a unit's subtree as of a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="unit code or exact name")
        parser.add_argument("--as-of", required=True, help="YYYY-MM-DD")
        parser.add_argument("--directive", help="directive symbol, e.g. 02-KH/BCĐTW")
        parser.add_argument(
            "--with-implementing", action="store_true", help="include directives implementing it"
        )
        parser.add_argument("--field", help="only tasks of this field")
        parser.add_argument("--previous", help="YYYY-MM-DD: compare with this date")
        parser.add_argument("--lang", default="vi", help="vi or en (the sentence)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        unit = unit_arg(o["unit"])
        as_of = parse_day(o["as_of"], "--as-of")
        previous_on = parse_day(o["previous"], "--previous") if o["previous"] else None
        if previous_on and previous_on >= as_of:
            raise CommandError("--previous: must be before --as-of")
        lang = lang_arg(o["lang"])
        directive = directive_arg(o["directive"])
        scope = scope_for(directive, with_implementing=o["with_implementing"], field=o["field"])
        counts = class_counts(unit=unit, as_of=as_of, scope=scope, with_evidence=True)
        previous = class_counts(unit=unit, as_of=previous_on, scope=scope) if previous_on else None
        subject = directive.symbol if directive else ""
        data = {
            "unit": unit.name,
            "code": unit.code,
            "as_of": as_of.isoformat(),
            "scope": scope.label,
            **counts.as_dict(),
            "sentence": summary_sentence(counts, subject=subject, lang=lang, previous=previous),
        }
        if previous is not None and previous_on is not None:
            data["previous"] = {"as_of": previous_on.isoformat(), **previous.as_dict()}
        if o["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{unit.name} — {scope.label} — {as_of}")
        for key in (
            "total",
            "done_on_time",
            "done_late",
            "on_track",
            "overdue",
            "regular",
            "cancelled",
        ):
            self.stdout.write(f"  {key:<14} {data[key]}")
        for key in (
            "completion_rate",
            "due_completion_rate",
            "on_time_rate",
            "overdue_rate",
            "green_rate",
        ):
            value = data[key]
            self.stdout.write(f"  {key:<20} {'—' if value is None else f'{value:.1%}'}")
        self.stdout.write(data["sentence"])
