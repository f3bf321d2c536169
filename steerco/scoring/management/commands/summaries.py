"""`steerco summaries`: the daily step of today's counts (steerco/scoring/summaries.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from steerco.scoring import summaries
from steerco.scoring.summary_check import differences


class Command(BaseCommand):
    help = (
        "Bring the per-unit summaries of today's counts up to date: rebuilt the first time "
        "a day, the changed tasks folded in otherwise (idempotent; run it from cron every "
        "few minutes). --check compares them with the tasks classified one by one."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rebuild", action="store_true", help="count every task afresh")
        parser.add_argument(
            "--check",
            action="store_true",
            help="compare the summaries' counts with the live classification; exit 1 if any differ",
        )

    def handle(self, *args: Any, rebuild: bool, check: bool, **options: Any) -> None:
        today = timezone.localdate()
        if rebuild:
            summaries.rebuild(today)
            self.stdout.write(f"summaries rebuilt as of {today}")
        else:
            done = summaries.bring_up_to(today)
            self.stdout.write(f"summaries as of {today}: {done}")
        if check:
            found = differences(today)
            for line in found:
                self.stdout.write(line)
            if found:
                raise CommandError(f"{len(found)} difference(s) between summaries and tasks")
            self.stdout.write("summaries agree with the tasks")
