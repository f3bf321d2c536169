import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.directives.cli import directive_arg
from steerco.lib.cli import parse_day
from steerco.scoring.peers import PeerSetError, peer_set
from steerco.scoring.ranking_table import ranking
from steerco.scoring.scope import scope_for
from steerco.scoring.scorecard import METRICS


class Command(BaseCommand):
    help = "Rank a peer set (provinces, communes-of:UNIT, departments-of:UNIT) as of a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--peers", required=True, help="provinces | communes-of:UNIT | departments-of:UNIT"
        )
        parser.add_argument("--as-of", required=True, help="YYYY-MM-DD")
        parser.add_argument(
            "--previous", help="YYYY-MM-DD: the previous reporting date, for the change"
        )
        parser.add_argument("--directive", help="directive symbol")
        parser.add_argument("--with-implementing", action="store_true")
        parser.add_argument("--field")
        parser.add_argument("--by", default="green_rate", help=f"one of: {', '.join(METRICS)}")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        as_of = parse_day(o["as_of"], "--as-of")
        previous_on = parse_day(o["previous"], "--previous") if o["previous"] else None
        if o["by"] not in METRICS:
            raise CommandError(
                f"--by: unknown measure {o['by']!r}; expected one of {', '.join(METRICS)}"
            )
        try:
            label, peers = peer_set(o["peers"])
        except PeerSetError as exc:
            raise CommandError(f"--peers: {exc}") from None
        directive = directive_arg(o["directive"])
        scope = scope_for(directive, with_implementing=o["with_implementing"], field=o["field"])
        rows = ranking(
            peers,
            as_of,
            scope=scope,
            metric=o["by"],
            previous_on=previous_on,
            with_money=settings.STEERCO_RANKING_MONEY,  # disbursement terms in --json
        )
        if o["json"]:
            self.stdout.write(json.dumps([r.as_dict() for r in rows], ensure_ascii=False))
            return
        self.stdout.write(f"{label} — {scope.label} — {o['by']} — {as_of}")
        for r in rows:
            value = (
                "—"
                if r.value is None
                else (f"{r.value:.1%}" if isinstance(r.value, float) else str(r.value))
            )
            change = (
                ""
                if r.change is None
                else (
                    f" ▲{r.change}"
                    if r.change > 0
                    else (f" ▼{-r.change}" if r.change < 0 else " =")
                )
            )
            self.stdout.write(f"{r.rank:>4}/{len(rows)}  {r.unit.name:<40} {value:>8}{change}")
