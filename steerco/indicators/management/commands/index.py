import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.indicators.indices.definitions import index_define
from steerco.indicators.indices.explain import explain
from steerco.indicators.indices.method import plain
from steerco.indicators.indices.selectors import IndexTable, index_by_code, index_table
from steerco.indicators.indices.services import index_publish, results_store
from steerco.indicators.management.importing import add_import_arguments, run_import
from steerco.indicators.problems import IndicatorError
from steerco.lib.calendar_periods import CalendarPeriod, CalendarPeriodError, parse_calendar_period
from steerco.scoring.peers import PeerSetError, peer_set, peers_of
from steerco.units.cli import unit_arg

PEERS = "provinces | communes-of:UNIT | departments-of:UNIT"


def _period(text: str) -> CalendarPeriod:
    try:
        return parse_calendar_period(text)
    except CalendarPeriodError as exc:
        raise CommandError(f"--period: {exc}") from None


class Command(BaseCommand):
    help = (
        "Composite indices: `index define FILE.json`, `index compute`, `index publish FILE`, "
        "`index explain`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_import_arguments(sub.add_parser("define", help="define a method (JSON)"))
        add_import_arguments(sub.add_parser("publish", help="load published scores"))
        compute = sub.add_parser("compute", help="rank a peer set on an index")
        compute.add_argument("--index", required=True)
        compute.add_argument("--period", required=True, help="2024, 2025-Q3 or 2025-10")
        compute.add_argument("--peers", required=True, help=PEERS)
        compute.add_argument("--version", default="")
        compute.add_argument("--source", choices=["computed", "published"], default="")
        compute.add_argument("--json", action="store_true", dest="as_json")
        compute.add_argument(
            "--commit",
            action="store_true",
            help="store the computed results (their version is then fixed); without it, "
            "nothing is written",
        )
        why = sub.add_parser("explain", help="why a unit ranks where it does")
        why.add_argument("--index", required=True)
        why.add_argument("--unit", required=True)
        why.add_argument("--period", required=True)
        why.add_argument("--version", default="")
        why.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: object, action: str, **o: object) -> None:
        if action in ("define", "publish"):
            importer = index_define if action == "define" else index_publish
            run_import(
                self,
                importer,
                path=str(o["file"]),
                commit=bool(o["commit"]),
                as_json=bool(o["as_json"]),
            )
            return
        try:
            if action == "compute":
                self.compute(**o)
            else:
                self.explain(**o)
        except IndicatorError as exc:
            raise CommandError(f"--{exc.field}: {exc}" if exc.field else str(exc)) from None

    def compute(self, **o: object) -> None:
        try:
            label, units = peer_set(str(o["peers"]))
        except PeerSetError as exc:
            raise CommandError(f"--peers: {exc}") from None
        table = index_table(
            index=index_by_code(str(o["index"])),
            period=_period(str(o["period"])),
            units=units,
            version=str(o["version"]),
            source=str(o["source"]),
        )
        if o["commit"] and table.scored is None:
            raise CommandError(
                f"--commit: {table.period} has published scores for {label}, so this is the "
                "published table; add --source computed to store the computed results"
            )
        for warning in table.warnings:
            self.stderr.write(f"warning: {warning}")
        if o["as_json"]:
            self.stdout.write(json.dumps([r.as_dict() for r in table.rows], ensure_ascii=False))
        else:
            self.print_table(label, table)
        if o["commit"] and table.scored is not None:
            stored = results_store(version=table.version, period=table.period, scored=table.scored)
            said = (
                f"stored {stored.stored} computed result(s) of {table.index.code} "
                f"v{table.version.version} for {table.period} ({label}), replacing "
                f"{stored.replaced}"
                + (f"; {stored.unscored} without a score" if stored.unscored else "")
            )
            (self.stderr if o["as_json"] else self.stdout).write(said)

    def print_table(self, label: str, table: IndexTable) -> None:
        m = table.method
        self.stdout.write(
            f"{m.code} v{m.version} ({plain(m.scale)} points) — {label} — {table.period} — {table.source}"
        )
        codes = [p.code for p in m.pillars]
        self.stdout.write(
            f"{'':>8}  {'unit':<32} {'score':>8}  " + " ".join(f"{c:>10}" for c in codes)
        )
        for r in table.rows:
            rank = f"{r.rank}/{len(table.rows)}" if r.rank else "—"
            change = (
                ""
                if r.change is None
                else (f"▲{r.change}" if r.change > 0 else f"▼{-r.change}" if r.change < 0 else "=")
            )
            score = "—" if r.score is None else f"{r.score}"
            pillars = " ".join(
                f"{'—' if p.score is None else p.score:>10}" for p in r.pillars.values()
            )
            self.stdout.write(f"{rank:>8}  {r.unit.name[:32]:<32} {score:>8}  {pillars} {change}")

    def explain(self, **o: object) -> None:
        unit = unit_arg(str(o["unit"]))
        period = _period(str(o["period"]))
        table = index_table(
            index=index_by_code(str(o["index"])),
            period=period,
            units=peers_of(unit),
            version=str(o["version"]),
            source="computed",
        )
        assert table.scored is not None
        why = explain(table.scored, unit.pk)
        if o["as_json"]:
            self.stdout.write(json.dumps(why.as_dict(), ensure_ascii=False))
            return
        self.stdout.write("\n".join(why.lines()))
