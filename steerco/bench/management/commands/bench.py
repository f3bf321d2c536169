from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from steerco.bench import runner
from steerco.bench.database import BenchDatabaseError, prepare
from steerco.bench.pages import page_table


class Command(BaseCommand):
    help = (
        "Benchmark the operations of DESIGN.md section 5 on a dedicated database (the SQLite file "
        "STEERCO_DB or DATABASE_URL): generate the dataset there if it is empty, time, print a table "
        "and write .bench/latest.json. Never fails on timing."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=("small", "province", "national"), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--multiply",
            type=int,
            default=1,
            help="the scale's tasks this many times over (its own database: e.g. nationalx10)",
        )
        parser.add_argument("--runs", type=int, default=10, help="timed runs per read operation")
        parser.add_argument("--concurrency", type=int, default=16, help="load client connections")
        parser.add_argument("--seconds", type=float, default=15.0, help="length of the load test")
        parser.add_argument(
            "--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py)"
        )
        parser.add_argument("--no-load", action="store_true", help="skip the HTTP load test")
        parser.add_argument(
            "--only", nargs="+", help="run only operations whose name contains one of these words"
        )
        parser.add_argument("--json", default=str(settings.PROJECT_DIR / ".bench" / "latest.json"))

    def handle(self, *args, **o):
        try:
            dataset = prepare(o["scale"], o["seed"], say=self.stdout.write, multiply=o["multiply"])
        except BenchDatabaseError as exc:
            raise CommandError(str(exc)) from None
        load = (
            None
            if o["no_load"]
            else runner.LoadPlan(
                concurrency=o["concurrency"], seconds=o["seconds"], workers=o["workers"]
            )
        )
        results = runner.run(
            scale=dataset.scale,
            as_of=dataset.today,
            runs=o["runs"],
            load=load,
            only=set(o["only"]) if o["only"] else None,
            say=self.stdout.write,
        )
        self.stdout.write("")
        self.stdout.write(runner.table(results))
        pages = page_table(results)
        if pages:
            self.stdout.write("\nWhat the user waits for: pages over HTTP (gunicorn, DEBUG off)\n")
            self.stdout.write(pages)
        self.stdout.write(
            f"\ndataset: {dataset.tasks:,} tasks, {dataset.updates:,} updates; generated in "
            f"{dataset.seconds:.0f}s, generator peak RSS {dataset.peak_rss_mb:.0f} MB"
        )
        runner.write_json(results, Path(o["json"]))
        self.stdout.write(f"wrote {o['json']}")
