from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "steerco.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .sessions import on_signed_in

        user_logged_in.connect(on_signed_in, dispatch_uid="steerco.accounts.session_clock")
