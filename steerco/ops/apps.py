from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "steerco.ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Every write to a counted table moves the cached figures' generation (issue 20).
        from steerco.lib import generations

        generations.install()
