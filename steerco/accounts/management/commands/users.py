import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.accounts.imports import users_import
from steerco.accounts.links import link_url
from steerco.lib.problems import Problem
from steerco.lib.tablefiles import TableFileError


class Command(BaseCommand):
    help = (
        "Accounts. `users import FILE` creates accounts and their roles from a .csv or .xlsx "
        "table with the columns username, full_name, email, unit (a unit code) and role "
        "(viewer, reporter, manager, administrator). Without --commit it only says what "
        "it would do; with it, every row is written or none. Each new account gets a "
        "one-time invitation link, printed once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="create accounts and roles from a table")
        load.add_argument("file", help=".csv or .xlsx")
        load.add_argument("--commit", action="store_true", help="write every row, or none")
        load.add_argument("--json", action="store_true", dest="as_json")
        load.add_argument(
            "--base-url",
            default=getattr(settings, "STEERCO_BASE_URL", ""),
            help="the site's address, put before each link's path "
            "(default: the STEERCO_BASE_URL setting, if any)",
        )

    def handle(
        self, *args: Any, file: str, commit: bool, as_json: bool, base_url: str, **o: Any
    ) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        limit = settings.STEERCO_IMPORT_MAX_BYTES
        if path.stat().st_size > limit:
            raise CommandError(
                f"{file}: the file is {path.stat().st_size / 2**20:.1f} MB; "
                f"the limit is {limit / 2**20:.1f} MB"
            )
        try:
            result = users_import(name=path.name, data=path.read_bytes(), commit=commit)
        except TableFileError as exc:
            if as_json:
                problem = Problem(None, None, None, path.name, str(exc))
                out = {"file": path.name, "committed": False, "rejected": [problem.as_dict()]}
                self.stdout.write(json.dumps(out, ensure_ascii=False))
            raise CommandError(str(exc)) from None
        url = lambda token: link_url(token, base_url)  # noqa: E731
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(link_url=url), ensure_ascii=False))
        else:
            lines = [f"rejected: {p}" for p in result.rejected]
            for account in result.accounts:
                roles = ", ".join(f"{role} on {unit.code}" for unit, role in account.roles)
                new = "new account" if account.existing is None else "existing account"
                lines.append(f"{account.username} ({new}): {roles or 'no new role'}")
            lines.append(result.summary())
            lines += [
                f"link for {link.username} (works once, until {link.expires_at:%Y-%m-%d %H:%M %Z}):"
                f" {url(link.token)}"
                for link in result.links
            ]
            self.stdout.write("\n".join(lines))
        if result.rejected:
            raise CommandError(f"{len(result.rejected)} problem(s); nothing written")
