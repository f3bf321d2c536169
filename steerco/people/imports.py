"""Importing officials from a CSV or XLSX file: preview, then commit all or nothing.

Columns (first row; English or Vietnamese, with or without diacritics):

    full name   | Họ và tên  (required)
    position    | Chức vụ
    unit code   | Mã đơn vị  (required)
    user name   | Tài khoản  (optional: the account the official signs in with)
    in post from  | Từ ngày   (dd/mm/yyyy or yyyy-mm-dd)
    in post until | Đến ngày

Entry points, for the command line (`steerco people import FILE [--commit] [--json]`,
steerco.reports.people_import_cli) and the pages:

- ``people_import_preview(source, user, name=None) -> PeopleImport`` reads the file
  (a path, an uploaded file, or bytes with `name`) and checks every row; writes nothing.
  Raises TableFileError when the file as a whole cannot be read.
- ``people_import_commit(result) -> PeopleImport`` writes a preview's rows, all or none
  (none when any row was rejected); `result.committed` says whether it did.

A row naming an official already recorded in that unit (same name without diacritics)
updates their position, dates and account instead of adding a second record; the
preview says so ("update"). Every problem names its row and column. The importing user
must manage each row's unit; `user=None` is the system (the command line, run by an
operator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Literal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from steerco.lib import days
from steerco.lib.problems import Problem
from steerco.lib.tablefiles import Row, Table, read_rows
from steerco.lib.vietnamese import fold
from steerco.units.models import Unit
from steerco.units.permissions import Action, may_on_unit

from .models import Person, folded_name
from .services import PersonError, person_create, person_update

# Column key -> the header names read as it (folded, words joined by "_").
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("full_name", "name", "ho_va_ten", "ho_ten", "ten"),
    "position": ("position", "chuc_vu", "chuc_danh"),
    "unit": ("unit_code", "unit", "ma_don_vi", "don_vi"),
    "user": ("user_name", "username", "account", "tai_khoan", "ten_dang_nhap"),
    "active_from": ("in_post_from", "active_from", "from", "tu_ngay"),
    "active_until": ("in_post_until", "active_until", "until", "den_ngay"),
}
REQUIRED = ("full_name", "unit")
LABELS = {
    "full_name": "Họ và tên",
    "position": "Chức vụ",
    "unit": "Mã đơn vị",
    "user": "Tài khoản",
    "active_from": "Từ ngày",
    "active_until": "Đến ngày",
}
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass
class PersonRow:
    sheet: str
    row: int
    full_name: str
    position: str
    unit: Unit
    user: User | None
    active_from: date | None
    active_until: date | None
    existing: Person | None = None
    action: Literal["create", "update", "unchanged"] = "create"

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "action": self.action,
            "full_name": self.full_name,
            "position": self.position,
            "unit": self.unit.code,
            "user": self.user.get_username() if self.user is not None else None,
            "active_from": self.active_from.isoformat() if self.active_from else None,
            "active_until": self.active_until.isoformat() if self.active_until else None,
            "person": self.existing.pk if self.existing is not None else None,
        }


@dataclass
class PeopleImport:
    file_name: str
    rows: list[PersonRow] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    committed: bool = False

    def count(self, action: str) -> int:
        return sum(r.action == action for r in self.rows)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file_name,
            "committed": self.committed,
            "created": self.count("create"),
            "updated": self.count("update"),
            "unchanged": self.count("unchanged"),
            "rows": [r.as_dict() for r in self.rows],
            "rejected": [p.as_dict() for p in self.rejected],
        }


def _read(source: str | Path | bytes | IO[bytes], name: str | None) -> tuple[str, bytes]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        return name or path.name, path.read_bytes()
    if isinstance(source, bytes):
        return name or "people.csv", source
    return name or Path(getattr(source, "name", "people.csv")).name, source.read()


def _mapping(table: Table) -> dict[str, str]:
    """Column key -> the table's column name holding it."""
    found: dict[str, str] = {}
    for column in table.columns:
        folded = fold(column.replace("_", " ")).replace(" ", "_")
        for key, names in COLUMNS.items():
            if folded in names and key not in found:
                found[key] = column
    return found


def parse_day(text: str) -> date:
    """ "31/12/2025", "31-12-2025", "2025-12-31" -> a date steerco accepts."""
    text = text.strip()
    m = _DMY.match(text)
    parts = (int(m[3]), int(m[2]), int(m[1])) if m else None
    if parts is None and (m := _ISO.match(text)):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    if parts is None:
        raise ValueError(_("not a date; write it as dd/mm/yyyy"))
    try:
        day = date(*parts)
    except ValueError:
        raise ValueError(_("no such day")) from None
    if not days.within(day):
        raise ValueError(_("outside %(bounds)s") % {"bounds": days.bounds_text()})
    return day


class _Checker:
    """Checks a file's rows against the units, accounts and officials recorded."""

    def __init__(self, result: PeopleImport, tables: list[tuple[Table, dict[str, str]]]):
        self.result = result
        rows = [(t, m, r) for t, m in tables for r in t.rows]
        codes = {r.get(m["unit"]).strip() for _t, m, r in rows}
        self.units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        names = {r.get(m["user"]).strip() for _t, m, r in rows if "user" in m}
        self.users = {u.username: u for u in User.objects.filter(username__in=names - {""})}
        self.linked = dict(
            Person.objects.filter(user__in=self.users.values()).values_list("user_id", "pk")
        )
        self.existing: dict[tuple[int, str], list[Person]] = {}
        for person in Person.objects.filter(unit__in=self.units.values()).select_related("user"):
            self.existing.setdefault((person.unit_id, person.name_folded), []).append(person)
        self.seen: dict[tuple[int, str], int] = {}
        self.seen_users: dict[int, int] = {}

    def problem(self, table: Table, row: Row, mapping: dict[str, str], key: str, msg: str) -> None:
        column = mapping.get(key, key)
        self.result.rejected.append(
            Problem(table.sheet, row.number, LABELS[key], row.get(column), msg)
        )

    def row(self, table: Table, mapping: dict[str, str], row: Row, user: User | None) -> None:
        before = len(self.result.rejected)
        full_name = " ".join(row.get(mapping["full_name"]).split())
        if not full_name:
            self.problem(table, row, mapping, "full_name", _("the official's name is empty"))
        code = row.get(mapping["unit"]).strip()
        unit = self.units.get(code)
        if unit is None:
            self.problem(table, row, mapping, "unit", _("no unit has this code"))
        elif user is not None and not may_on_unit(user, Action.MANAGE, unit):
            self.problem(
                table, row, mapping, "unit", _("you do not manage %(unit)s") % {"unit": unit.name}
            )
        dates: dict[str, date | None] = {}
        for key in ("active_from", "active_until"):
            text = row.get(mapping[key]) if key in mapping else ""
            dates[key] = None
            if text:
                try:
                    dates[key] = parse_day(text)
                except ValueError as exc:
                    self.problem(table, row, mapping, key, str(exc))
        account = self._account(table, mapping, row)
        if len(self.result.rejected) > before or unit is None:
            return
        self._plan(table, mapping, row, full_name, unit, account, dates)

    def _account(self, table: Table, mapping: dict[str, str], row: Row) -> User | None:
        name = row.get(mapping["user"]).strip() if "user" in mapping else ""
        if not name:
            return None
        account = self.users.get(name)
        if account is None:
            self.problem(table, row, mapping, "user", _("no account has this user name"))
        return account

    def _plan(
        self,
        table: Table,
        mapping: dict[str, str],
        row: Row,
        full_name: str,
        unit: Unit,
        account: User | None,
        dates: dict[str, date | None],
    ) -> None:
        key = (unit.pk, folded_name(full_name))
        if key in self.seen:
            self.problem(
                table,
                row,
                mapping,
                "full_name",
                _("row %(row)s already names this official in this unit") % {"row": self.seen[key]},
            )
            return
        self.seen[key] = row.number
        matches = self.existing.get(key, [])
        if len(matches) > 1:
            self.problem(
                table,
                row,
                mapping,
                "full_name",
                _("%(n)s officials of this name are recorded in %(unit)s; edit them on the page")
                % {"n": len(matches), "unit": unit.name},
            )
            return
        existing = matches[0] if matches else None
        if account is not None:
            holder = self.linked.get(account.pk)
            if (holder is not None and (existing is None or holder != existing.pk)) or (
                account.pk in self.seen_users
            ):
                self.problem(
                    table, row, mapping, "user", _("this account is already linked to an official")
                )
                return
            self.seen_users[account.pk] = row.number
        planned = PersonRow(
            sheet=table.sheet,
            row=row.number,
            full_name=full_name,
            position=" ".join(row.get(mapping["position"]).split())
            if "position" in mapping
            else "",
            unit=unit,
            user=account,
            active_from=dates["active_from"],
            active_until=dates["active_until"],
            existing=existing,
        )
        if (
            planned.active_from
            and planned.active_until
            and planned.active_until < planned.active_from
        ):
            self.problem(table, row, mapping, "active_until", _("before “in post from”"))
            return
        if existing is not None:
            planned.action = "unchanged" if _same(existing, planned) else "update"
            if "position" not in mapping:
                planned.position = existing.position
            if "user" not in mapping or planned.user is None:
                planned.user = existing.user
        self.result.rows.append(planned)


def _same(person: Person, row: PersonRow) -> bool:
    return (
        person.position == row.position
        and person.active_from == row.active_from
        and person.active_until == row.active_until
        and (row.user is None or person.user_id == row.user.pk)
    )


def people_import_preview(
    source: str | Path | bytes | IO[bytes], user: User | None, *, name: str | None = None
) -> PeopleImport:
    """What importing the file would create, update and reject. Writes nothing."""
    file_name, data = _read(source, name)
    result = PeopleImport(file_name=file_name)
    tables: list[tuple[Table, dict[str, str]]] = []
    for table in read_rows(file_name, data):
        mapping = _mapping(table)
        missing = [LABELS[k] for k in REQUIRED if k not in mapping]
        if missing:
            result.rejected.append(
                Problem(
                    table.sheet,
                    1,
                    None,
                    ", ".join(table.columns),
                    _("missing column(s) %(missing)s") % {"missing": ", ".join(missing)},
                )
            )
        else:
            tables.append((table, mapping))
    checker = _Checker(result, tables)
    for table, mapping in tables:
        for row in table.rows:
            checker.row(table, mapping, row, user)
    if not tables and not result.rejected:
        result.rejected.append(Problem(None, None, None, file_name, _("the file holds no table")))
    return result


def people_import_commit(result: PeopleImport) -> PeopleImport:
    """Write a preview's rows, all or none; nothing when any row was rejected."""
    if result.rejected or result.committed:
        return result
    try:
        with transaction.atomic():
            for row in result.rows:
                if row.existing is None:
                    person_create(
                        full_name=row.full_name,
                        unit=row.unit,
                        position=row.position,
                        user=row.user,
                        active_from=row.active_from,
                        active_until=row.active_until,
                    )
                elif row.action == "update":
                    person_update(
                        person=row.existing,
                        full_name=row.existing.full_name,
                        unit=row.unit,
                        position=row.position,
                        user=row.user,
                        active_from=row.active_from,
                        active_until=row.active_until,
                    )
    except PersonError as exc:
        result.rejected.append(Problem(None, None, exc.field, "", str(exc)))
        return result
    result.committed = True
    return result
