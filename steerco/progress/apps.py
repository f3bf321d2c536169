from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _guard_history(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After `migrate`: the append-only triggers a SQLite table rebuild dropped are created
    again (a migration that rebuilds a guarded table should run `guard_operation` itself;
    this is the net under it). `steerco audit verify` reports any trigger still missing."""
    from django.db import connections

    from steerco.lib.append_only import reinstall_missing

    reinstall_missing(connections[using])


class ProgressConfig(AppConfig):
    name = "steerco.progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        post_migrate.connect(_guard_history, sender=self, dispatch_uid="steerco_guard_history")
