from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from steerco.accounts.models import AccessToken
from steerco.accounts.tokens import (
    MAX_DAYS,
    TokenError,
    token_create,
    token_find,
    token_revoke,
    token_state,
    tokens_of,
)


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


class Command(BaseCommand):
    help = (
        "Personal access tokens for the API. `token create --user USERNAME --scopes "
        "read,report --name NAME [--expires-days N]` prints the token once, alone on its last "
        "line (only its hash is kept); `token list [--user USERNAME]` lists tokens; `token "
        "revoke NAME_OR_ID [--user USERNAME]` ends one. Scopes: read (every GET), report "
        "(progress updates, sheet uploads), manage (acceptance, extensions, directives and "
        "tasks); a token never grants more than its user's roles."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("--user", required=True, help="the account's user name")
        create.add_argument("--scopes", required=True, help="read, report, manage, comma-separated")
        create.add_argument("--name", required=True, help="what the token is for, e.g. 'dashboard'")
        create.add_argument(
            "--expires-days",
            type=int,
            default=None,
            help=f"days the token works (default STEERCO_TOKEN_DEFAULT_DAYS, 90; at most "
            f"{MAX_DAYS})",
        )
        listing = sub.add_parser("list", help="list tokens (every account's, or one's)")
        listing.add_argument("--user", help="the account's user name")
        revoke = sub.add_parser("revoke", help="revoke a token by name, number or prefix")
        revoke.add_argument("token", metavar="NAME_OR_ID")
        revoke.add_argument("--user", help="the account's user name (needed to name a token)")

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        return user

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except TokenError as exc:
            field = f"--{exc.field.replace('_', '-')}: " if exc.field else ""
            raise CommandError(f"{field}{exc}") from None

    def _create(
        self, *, user: str, scopes: str, name: str, expires_days: int | None, **_: Any
    ) -> None:
        account = self._user(user)
        issued = token_create(
            actor=None, user=account, name=name, scopes=scopes, expires_days=expires_days
        )
        row = issued.access_token
        self.stdout.write(
            f"token {row.name} ({row.prefix}) for {account.get_username()}, scopes "
            f"{','.join(row.scopes)}, works until {_when(row.expires_at)}; "
            "it is shown this once, keep it now:"
        )
        self.stdout.write(issued.token)

    def _list(self, *, user: str | None, **_: Any) -> None:
        if user:
            tokens = tokens_of(self._user(user))
        else:
            tokens = list(
                AccessToken.objects.select_related("user").order_by(
                    "user__username", "-created_at", "-pk"
                )
            )
        now = timezone.now()
        header = (
            "id",
            "user",
            "name",
            "prefix",
            "scopes",
            "created",
            "expires",
            "last used",
            "state",
        )
        rows = [header] + [
            (
                str(t.pk),
                t.user.get_username(),
                t.name,
                t.prefix,
                ",".join(t.scopes),
                _when(t.created_at),
                _when(t.expires_at),
                _when(t.last_used_at),
                f"revoked {_when(t.revoked_at)}" if t.revoked_at else token_state(t, now),
            )
            for t in tokens
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        for r in rows:
            self.stdout.write(
                "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            )
        if not tokens:
            self.stdout.write("no tokens")

    def _revoke(self, *, token: str, user: str | None, **_: Any) -> None:
        if user:
            found = token_find(self._user(user), token)
        else:
            by_key = AccessToken.objects.select_related("user")
            found = (by_key.filter(pk=int(token)).first() if token.isdigit() else None) or (
                by_key.filter(prefix=token).first()
            )
            if found is None:
                named = list(by_key.filter(name=token, revoked_at__isnull=True)[:2])
                if len(named) > 1:
                    raise CommandError(
                        f"Several accounts have a token named {token!r}: add --user USERNAME."
                    )
                found = named[0] if named else None
        if found is None:
            whose = f" of {user}" if user else ""
            raise CommandError(f"No token{whose} named or numbered {token!r}.")
        token_revoke(actor=None, token=found)
        self.stdout.write(
            f"revoked token {found.name} ({found.prefix}) of {found.user.get_username()}"
        )
