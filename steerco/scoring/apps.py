from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _summaries_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After `migrate`: the triggers that keep the summaries' pending tasks are there (a
    SQLite rebuild of the task table drops them), and the summaries are counted afresh on
    first use (a migration may have changed tasks while they were missing)."""
    from django.db import connections

    from . import pending
    from .models import SummaryDay

    conn = connections[using]
    if "scoring_summaryday" not in conn.introspection.table_names():
        return  # migrated back before the summaries
    pending.install(conn)
    SummaryDay.objects.using(using).filter(pk=1).update(day=None)


class ScoringConfig(AppConfig):
    name = "steerco.scoring"
    verbose_name = _("Scorecards and rankings")

    def ready(self) -> None:
        post_migrate.connect(
            _summaries_after_migrate, sender=self, dispatch_uid="steerco_summaries_migrate"
        )
