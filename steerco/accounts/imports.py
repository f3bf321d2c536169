"""`steerco users import FILE`: accounts and their roles from a CSV or XLSX table with the
columns `username, full_name, email, unit, role`.

- `unit` is a unit's code; `role` is viewer, reporter, manager or administrator (the
  model's `admin` too), in any case.
- A user name may come back on later rows to give the same official more roles, with the
  same full name and e-mail; a row repeating a role, or disagreeing on the name or
  e-mail, is a problem.
- A user name that is already an account gives it the rows' roles, when the full name and
  e-mail agree with the account's (a problem otherwise, or when it is deactivated).
- Every problem is reported with its sheet, row and column (`steerco.lib.problems`);
  nothing is written unless there is none and `commit` is set — then everything is, in
  one transaction. New accounts have no usable password: each gets an invitation link,
  shown once in the result. The import runs as the system (no acting user, no role
  check), like the other import commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Lower

from steerco.lib.problems import Problem, problem_at, tables_with
from steerco.lib.tablefiles import Row, Table
from steerco.units.models import Membership, Role, Unit
from steerco.units.services import membership_grant

from .links import IssuedLink, link_issue
from .models import LinkPurpose
from .services import email_problem, username_problem

COLUMNS = ("username", "full_name", "email", "unit", "role")
ROLE_NAMES = {
    "viewer": Role.VIEWER,
    "reporter": Role.REPORTER,
    "manager": Role.MANAGER,
    "administrator": Role.ADMIN,
    "admin": Role.ADMIN,
}


@dataclass
class PlannedAccount:
    username: str
    full_name: str
    email: str
    row: int
    existing: Any = None  # the account already holding this user name
    roles: list[tuple[Unit, str]] = field(default_factory=list)  # to give
    held: int = 0  # roles of the file it already holds


@dataclass
class UsersImportResult:
    file_name: str
    committed: bool = False
    accounts: list[PlannedAccount] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    links: list[IssuedLink] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for a in self.accounts if a.existing is None)

    @property
    def roles_given(self) -> int:
        return sum(len(a.roles) for a in self.accounts)

    @property
    def unchanged(self) -> int:
        return sum(a.held for a in self.accounts)

    def as_dict(self, link_url: Any = None) -> dict[str, object]:
        return {
            "file": self.file_name,
            "committed": self.committed,
            "accounts_created": self.created,
            "roles_given": self.roles_given,
            "roles_unchanged": self.unchanged,
            "rejected": [p.as_dict() for p in self.rejected],
            "accounts": [
                {
                    "username": a.username,
                    "full_name": a.full_name,
                    "email": a.email,
                    "new": a.existing is None,
                    "roles": [{"unit": u.code, "role": r} for u, r in a.roles],
                }
                for a in self.accounts
            ],
            "links": [
                {
                    "username": link.username,
                    "purpose": link.purpose,
                    "url": link_url(link.token) if link_url else link.token,
                    "expires_at": link.expires_at.isoformat(),
                }
                for link in self.links
            ],
        }

    def summary(self) -> str:
        verb = "" if self.committed else "to "
        mode = "written" if self.committed else "preview; nothing written"
        return (
            f"{self.file_name} ({mode}): {self.created} account(s) {verb}create, "
            f"{self.roles_given} role(s) {verb}give, {self.unchanged} already held, "
            f"{len(self.rejected)} rejected"
        )


class _Plan:
    """The rows read so far, by user name (lower-cased), with what the database holds."""

    def __init__(self, tables: list[Table]) -> None:
        rows = [row for table in tables for row in table.rows]
        codes = {row.get("unit") for row in rows}
        self.units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        names = {row.get("username").lower() for row in rows}
        self.existing = {
            u.username.lower(): u
            for u in get_user_model()
            .objects.annotate(lower=Lower("username"))
            .filter(lower__in=names)
            .order_by("pk")
        }
        self.held = set(
            Membership.objects.filter(user__in=list(self.existing.values())).values_list(
                "user_id", "unit_id", "role"
            )
        )
        self.accounts: dict[str, PlannedAccount] = {}
        self.seen: dict[tuple[str, int, str], int] = {}  # (user name, unit, role): row


def _check_row(table: Table, row: Row, plan: _Plan) -> list[Problem]:
    problems = []
    username = row.get("username")
    if message := username_problem(username):
        problems.append(problem_at(table, row, "username", message))
    full_name = row.get("full_name")
    if not full_name:
        problems.append(problem_at(table, row, "full_name", "the official's full name is required"))
    elif len(full_name) > 150:
        problems.append(problem_at(table, row, "full_name", "at most 150 characters"))
    if message := email_problem(row.get("email")):
        problems.append(problem_at(table, row, "email", message))
    code = row.get("unit")
    if not code:
        problems.append(problem_at(table, row, "unit", "a unit code is required"))
    elif code not in plan.units:
        problems.append(
            problem_at(table, row, "unit", f"unknown unit {code!r}: give a unit's code")
        )
    if row.get("role").lower() not in ROLE_NAMES:
        problems.append(
            problem_at(
                table,
                row,
                "role",
                f"unknown role {row.get('role')!r}: viewer, reporter, manager or administrator",
            )
        )
    return problems


def _against_others(table: Table, row: Row, plan: _Plan) -> list[Problem]:
    """A row's account against earlier rows of the file and the accounts that exist."""
    key = row.get("username").lower()
    full_name, email = row.get("full_name"), row.get("email")
    earlier = plan.accounts.get(key)
    if earlier is not None:
        if earlier.full_name != full_name:
            return [
                problem_at(
                    table,
                    row,
                    "full_name",
                    f"user name {row.get('username')!r} is on row {earlier.row} "
                    f"with the full name {earlier.full_name!r}",
                )
            ]
        if earlier.email.lower() != email.lower():
            return [
                problem_at(
                    table,
                    row,
                    "email",
                    f"user name {row.get('username')!r} is on row {earlier.row} "
                    f"with the e-mail {earlier.email!r}",
                )
            ]
        return []
    account = plan.existing.get(key)
    if account is None:
        return []
    if account.username != row.get("username"):
        return [
            problem_at(
                table, row, "username", f"an account named {account.username!r} already exists"
            )
        ]
    if not account.is_active:
        return [
            problem_at(
                table,
                row,
                "username",
                f"the account {account.username!r} is deactivated; reactivate it first",
            )
        ]
    if account.get_full_name() != full_name:
        return [
            problem_at(
                table,
                row,
                "full_name",
                f"the account {account.username!r} exists with the full name "
                f"{account.get_full_name()!r}",
            )
        ]
    if (account.email or "").lower() != email.lower():
        return [
            problem_at(
                table,
                row,
                "email",
                f"the account {account.username!r} exists with the e-mail {account.email!r}",
            )
        ]
    return []


def _add(table: Table, row: Row, plan: _Plan) -> list[Problem]:
    key = row.get("username").lower()
    unit, role = plan.units[row.get("unit")], ROLE_NAMES[row.get("role").lower()]
    repeated = plan.seen.get((key, unit.pk, role))
    if repeated is not None:
        return [
            problem_at(
                table,
                row,
                "username",
                f"duplicate: row {repeated} already gives {row.get('username')!r} "
                f"the role {role} on {unit.code}",
            )
        ]
    plan.seen[(key, unit.pk, role)] = row.number
    account = plan.accounts.get(key)
    if account is None:
        account = PlannedAccount(
            username=row.get("username"),
            full_name=row.get("full_name"),
            email=row.get("email"),
            row=row.number,
            existing=plan.existing.get(key),
        )
        plan.accounts[key] = account
    if account.existing is not None and (account.existing.pk, unit.pk, role) in plan.held:
        account.held += 1
    else:
        account.roles.append((unit, role))
    return []


def users_import(*, name: str, data: bytes, commit: bool = False) -> UsersImportResult:
    """Read, check every row, and — with `commit` and no problem — create the accounts and
    give the roles, all in one transaction. Raises TableFileError for an unreadable file."""
    result = UsersImportResult(name)
    tables = tables_with(name, data, COLUMNS, result.rejected)
    plan = _Plan(tables)
    for table in tables:
        for row in table.rows:
            problems = _check_row(table, row, plan)
            problems = problems or _against_others(table, row, plan)
            problems = problems or _add(table, row, plan)
            result.rejected += problems
    if not result.rejected and not plan.accounts:
        result.rejected.append(Problem(None, None, None, name, "the file has no account rows"))
    if result.rejected:
        return result
    result.accounts = list(plan.accounts.values())
    if commit:
        result.links = _write(result.accounts)
        result.committed = True
    return result


@transaction.atomic
def _write(accounts: list[PlannedAccount]) -> list[IssuedLink]:
    links = []
    for planned in accounts:
        user = planned.existing
        if user is None:
            user = get_user_model()(
                username=planned.username, first_name=planned.full_name, email=planned.email
            )
            user.set_unusable_password()
            user.save()
        for unit, role in planned.roles:
            membership_grant(user=user, unit=unit, role=role)
        if planned.existing is None:
            links.append(link_issue(user=user, purpose=LinkPurpose.INVITE, created_by=None))
    return links
