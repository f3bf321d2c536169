from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.accounts.lockout import unlock


class Command(BaseCommand):
    help = (
        "Lift a sign-in lockout: forget the failed sign-ins of USER (and with --ip, of an "
        "address) so they may sign in again at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="the account's user name")
        parser.add_argument("--ip", help="also unlock this client address")

    def handle(self, *args: Any, username: str | None, ip: str | None, **options: Any) -> None:
        if not username and not ip:
            raise CommandError("Name an account (steerco unlock USER) or an address (--ip).")
        if username and not get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"No account named {username!r}.")
        removed = unlock(username=username, ip=ip)
        who = " and ".join(
            x for x in (username and f"account {username}", ip and f"address {ip}") if x
        )
        self.stdout.write(f"unlocked {who}: {removed} failed sign-in record(s) removed")
