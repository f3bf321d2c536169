import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from steerco.demo.budget_indicators import load_demo_budget_indicators
from steerco.demo.dataset import NOTICE
from steerco.demo.indicators import load_demo_indicators
from steerco.demo.indices import load_demo_indices
from steerco.demo.loading import DemoError, database_size, demo_loaded, load_demo, reload_demo
from steerco.notices.services import remind_history


class Command(BaseCommand):
    help = "The demo dataset. `demo load` builds Resolution 57 and what implements it for 34 provinces, with demo accounts."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load", help="load the demo (after `steerco units load`); does nothing if loaded"
        )
        load.add_argument(
            "--reset",
            action="store_true",
            help="recreate the database (a new SQLite file, or the PostgreSQL schema dropped"
            " and created), migrate, load the units and the demo again; refused when the"
            " database holds directives that are not the demo's",
        )

    def handle(self, *args, action: str, reset: bool = False, **options):
        started = time.perf_counter()
        today = date.today()  # noqa: DTZ011 - the demo's history runs to the local today
        if not reset and demo_loaded():
            self.stdout.write(
                f"demo: already loaded (directive {NOTICE} exists); nothing to do. Use --reset to rebuild."
            )
            if indicators := load_demo_indicators():  # a demo loaded before the indicators
                self.stdout.write(indicators.line())
            if indices := load_demo_indices():  # a demo loaded before the indices
                self.stdout.write(indices.line())
            if (money := load_demo_budget_indicators(today=today)).recorded:
                self.stdout.write(money.line())  # the months since, or a demo loaded before
            return
        try:
            if reset:
                before, summary = reload_demo(today=today)
                self.stdout.write(
                    f"demo: reset, a new database in place of the one that held {before} tasks"
                )
            else:
                summary = load_demo(today=today)
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        indicators = load_demo_indicators()
        indices = load_demo_indices()
        money = load_demo_budget_indicators(today=today)  # after the budget and the catalogue
        # The inboxes: the reminders and alerts of the demo's history, as cron would have sent them.
        reminded = remind_history(last=today, daily_from=today - timedelta(days=13))
        elapsed = time.perf_counter() - started
        size = database_size()
        self.stdout.write(
            f"demo: {summary.directives} directives, {summary.tasks} tasks, {summary.updates} progress updates, "
            f"{summary.extensions} extensions in {elapsed:.1f}s"
            + (f"; database size {size / 1_048_576:.1f} MB" if size else "")
        )
        if indicators:
            self.stdout.write(indicators.line())
        if indices:
            self.stdout.write(indices.line())
        self.stdout.write(money.line())
        self.stdout.write(reminded.line())
        for account in summary.accounts:
            where = (
                f"{account.role} of {account.unit_code}"
                if account.unit_code
                else "superuser (Django admin)"
            )
            self.stdout.write(f"  account {account.username:<11} password demo — {where}")
