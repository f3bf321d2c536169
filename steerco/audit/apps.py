from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "steerco.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from .capture import connect

        connect()
