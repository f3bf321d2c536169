from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from steerco.intake.pending import pending_sweep
from steerco.ops.scheduled import recorded


class Command(BaseCommand):
    help = (
        "Uploads held between preview and commit. `pending sweep` deletes everyone's expired "
        "ones (older than STEERCO_PENDING_MAX_AGE_HOURS); run it daily, e.g. from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("sweep", help="delete every expired held upload")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        with recorded("pending sweep"):  # its last run is shown by /healthz
            deleted = pending_sweep()
        hours = settings.STEERCO_PENDING_MAX_AGE_HOURS
        self.stdout.write(f"deleted {deleted} expired held upload(s) (older than {hours} hours)")
