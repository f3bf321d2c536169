"""steerco remind [--as-of DATE] [--dry-run] [--summary]: record and send the reminders,
alerts and digests due on a day (today by default), each once; run it from cron."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from steerco.ops.scheduled import recorded

from ...services import remind
from ...texts import notice_title


class Command(BaseCommand):
    help = (
        "Record and send the reminders, alerts and weekly digests due on a day (today by "
        "default): each once, however often it runs. Prints what it sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="the day, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be sent; record nothing"
        )
        parser.add_argument(
            "--summary", action="store_true", help="print the counts only, not each notice"
        )

    def handle(self, *args, as_of=None, dry_run=False, summary=False, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(f"--as-of {as_of!r}: expected a date, YYYY-MM-DD") from None
        if dry_run:
            result = remind(as_of=day, dry_run=True)
        else:
            with recorded("remind"):
                result = remind(as_of=day)
        names = dict(
            get_user_model()
            .objects.filter(pk__in={n.recipient_id for n in result.notices if n.recipient_id})
            .values_list("pk", "username")
        )
        verb = "would send" if dry_run else "sent"
        if not summary:
            with translation.override("en"):
                for n in result.notices:
                    to = (
                        names.get(n.recipient_id, "?")
                        if n.recipient_id
                        else f"webhook of unit {n.unit_id}"
                    )
                    self.stdout.write(
                        f"{n.occasion_on} {n.kind:<19} {n.subject:<16} -> {to}: {notice_title(n)}"
                    )
        kinds = sorted({n.kind for n in result.notices})
        counts = ", ".join(f"{result.count(k)} {k}" for k in kinds) or "nothing new"
        self.stdout.write(
            f"remind {day}: {verb} {len(result.notices)} notices ({counts}); "
            f"{result.emails} e-mails, {result.webhooks} webhook posts"
        )
        for failure in result.failed:
            self.stderr.write(f"not delivered (will retry): {failure}")
