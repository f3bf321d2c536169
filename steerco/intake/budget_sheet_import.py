"""A unit's disbursement sheet back in: one disbursement per filled row, all or nothing.

Everything in the file is user input (see `budget_sheets`): the hidden sheet's signature
and each row's signed key are checked, the unit must be the uploader's (and one they
report for), each task is read again and must be led by the unit and be one the uploader
may record a disbursement for. The rows go through `disbursement_record`; a row already
recorded (same task, source, year, date, amount and voucher) is not paid again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.signing import BadSignature
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from steerco.budget.amounts import AmountError, parse_amount
from steerco.budget.models import Disbursement, FundingSource
from steerco.budget.permissions import MoneyRecord, may_record
from steerco.budget.services import BudgetError, disbursement_record
from steerco.directives.models import Task
from steerco.directives.permissions import Action, may
from steerco.lib.days import within
from steerco.lib.problems import Problem
from steerco.lib.spreadsheets import FORMULA_STARTS
from steerco.units.models import Unit

from .budget_sheets import COLUMNS, FORMAT, HEADER_ROW, LETTER, META, SHEET, SIGNER, meta_signature
from .locked_sheets import read_locked_sheet
from .readers import clean

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NOTE_LIMIT = 2000
VOUCHER_LIMIT = 64
_FIELD_COLUMN = {"amount": "amount", "paid_on": "paid_on", "voucher": "voucher", "note": "note"}


class BudgetSheetError(ValueError):
    """The upload is not this unit's disbursement sheet (or cannot be read)."""


@dataclass
class Payment:
    row: int
    task: Task
    source: str
    amount: int
    paid_on: date
    voucher: str
    note: str

    @property
    def source_label(self) -> str:
        return str(FundingSource(self.source).label)

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "task": self.task.pk,
            "reference": self.task.reference,
            "source": self.source,
            "amount": self.amount,
            "paid_on": self.paid_on.isoformat(),
            "voucher": self.voucher,
        }


@dataclass
class BudgetSheetImport:
    file_name: str
    unit: Unit
    year: int
    payments: list[Payment] = field(default_factory=list)
    already: list[Payment] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "unit": self.unit.code,
            "year": self.year,
            "payments": [p.as_dict() for p in self.payments],
            "already_recorded": [p.as_dict() for p in self.already],
            "rejected": [p.as_dict() for p in self.rejected],
            "committed": self.committed,
        }


def budget_sheet_import(
    *,
    name: str,
    data: bytes,
    unit: Unit | None = None,
    user: User | None = None,
    commit: bool = False,
    today: date | None = None,
) -> BudgetSheetImport:
    """Check an uploaded disbursement sheet and, with `commit`, record its payments — all
    or none. `unit` is the uploader's choice (None: the sheet's own, for the command line
    run by an operator); a `user` must report for it, asked before any row is read."""
    today = today or timezone.localdate()
    if unit is not None and user is not None and not may(user, Action.REPORT, unit):
        raise BudgetSheetError(
            _("%(name)s: you do not report for %(unit)s") % {"name": name, "unit": unit.name}
        )
    upload = read_locked_sheet(
        name,
        data,
        sheet=SHEET,
        meta_sheet=META,
        header_row=HEADER_ROW,
        titles=[c.title for c in COLUMNS],
        not_ours=BudgetSheetError(
            _("%(name)s: this is not a steerco disbursement sheet; export one first")
            % {"name": name}
        ),
        changed=BudgetSheetError,
    )
    unit, year = _checked_meta(name, upload.meta, unit, user)
    result = BudgetSheetImport(file_name=name, unit=unit, year=year)
    _read_rows(result, upload.rows, user)
    if result.rejected:
        return result
    with transaction.atomic():
        for payment in result.payments:
            try:
                disbursement_record(
                    task=payment.task,
                    source=payment.source,
                    year=year,
                    paid_on=payment.paid_on,
                    amount=payment.amount,
                    voucher=payment.voucher,
                    note=payment.note,
                    author=user,
                    today=today,
                )
            except BudgetError as exc:
                column = LETTER[_FIELD_COLUMN.get(exc.field or "", "amount")]
                result.rejected.append(Problem(SHEET, payment.row, column, "", str(exc)))
        if result.rejected or not commit:
            transaction.set_rollback(True)
            return result
    result.committed = True
    return result


def _checked_meta(
    name: str, meta: dict[str, str], unit: Unit | None, user: User | None
) -> tuple[Unit, int]:
    entries = [meta.get(k, "") for k in ("format", "unit", "year", "exported_on")]
    if meta.get("format") != FORMAT:
        raise BudgetSheetError(
            _("%(name)s: unknown disbursement sheet format %(format)r")
            % {"name": name, "format": meta.get("format", "")[:40]}
        )
    if not constant_time_compare(meta_signature(*entries), meta.get("signature", "")):
        raise BudgetSheetError(
            _("%(name)s: the sheet's hidden cells were changed; export a new sheet")
            % {"name": name}
        )
    code = meta.get("unit", "")
    if unit is None:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise BudgetSheetError(_("%(name)s: no unit %(code)r") % {"name": name, "code": code})
    elif code != unit.code:
        raise BudgetSheetError(
            _("%(name)s: this sheet is the unit %(code)r's, not %(unit)s's")
            % {"name": name, "code": code[:40], "unit": unit.name}
        )
    if user is not None and not may(user, Action.REPORT, unit):
        raise BudgetSheetError(
            _("%(name)s: you do not report for %(unit)s") % {"name": name, "unit": unit.name}
        )
    return unit, int(meta["year"])


def _text(value: Any) -> str:
    text = clean(value)
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if match:
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        else:
            day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("expected a date (dd/mm/yyyy)")) from None
    if not within(day):
        raise ValueError(_("the date is out of range"))
    return day


def _read_rows(
    result: BudgetSheetImport, rows: list[tuple[int, list[Any]]], user: User | None
) -> None:
    """The filled rows as payments; every refusal a problem naming its row and column."""
    keyed = [(n, dict(zip((c.key for c in COLUMNS), cells, strict=False))) for n, cells in rows]
    filled = [(n, r) for n, r in keyed if any(r.get(k) not in (None, "") for k in _FIELD_COLUMN)]
    task_ids: dict[int, tuple[int, str]] = {}
    for number, row in filled:
        try:
            unit_code, year, task_id, source = SIGNER.unsign(_text(row.get("key"))).split(":")
            if unit_code != result.unit.code or int(year) != result.year:
                raise BadSignature
            task_ids[number] = (int(task_id), source)
        except (BadSignature, ValueError):
            result.rejected.append(
                Problem(
                    SHEET,
                    number,
                    LETTER["key"],
                    "",
                    _("this row is not one of the exported sheet's; do not add or copy rows"),
                )
            )
    tasks = Task.objects.select_related("lead_unit", "assigned_by", "directive").in_bulk(
        {t for t, _s in task_ids.values()}
    )
    seen: dict[tuple[Any, ...], int] = {}
    # What is already recorded for the sheet's tasks and year, in one read.
    recorded = set(
        Disbursement.objects.filter(task_id__in=list(tasks), year=result.year).values_list(
            "task_id", "source", "paid_on", "amount", "voucher"
        )
    )
    for number, row in filled:
        if number not in task_ids:
            continue
        pk, source = task_ids[number]
        task = tasks.get(pk)
        if (
            task is None
            or task.lead_unit_id != result.unit.pk
            or source not in FundingSource.values
        ):
            result.rejected.append(
                Problem(
                    SHEET, number, LETTER["key"], "", _("this row's task is not led by the unit")
                )
            )
            continue
        if user is not None and not may_record(user, MoneyRecord.DISBURSEMENT, task):
            result.rejected.append(
                Problem(
                    SHEET,
                    number,
                    LETTER["key"],
                    "",
                    _("you may not record disbursements for this task"),
                )
            )
            continue
        payment = _payment(result, number, row, task, source)
        if payment is None:
            continue
        identity = (task.pk, source, payment.paid_on, payment.amount, payment.voucher)
        if identity in seen:
            result.rejected.append(
                Problem(
                    SHEET,
                    number,
                    LETTER["voucher"],
                    payment.voucher,
                    _("this payment repeats row %(row)s") % {"row": seen[identity]},
                )
            )
            continue
        seen[identity] = number
        (result.already if identity in recorded else result.payments).append(payment)


def _payment(
    result: BudgetSheetImport, number: int, row: dict[str, Any], task: Task, source: str
) -> Payment | None:
    def problem(key: str, message: str) -> None:
        result.rejected.append(
            Problem(SHEET, number, LETTER[key], _text(row.get(key))[:200], message)
        )

    try:
        amount = parse_amount(row.get("amount"), allow_negative=True)
    except AmountError as exc:
        problem("amount", str(exc))
        return None
    if amount == 0:
        problem("amount", _("the amount may not be zero"))
        return None
    if row.get("paid_on") in (None, ""):
        problem("paid_on", _("give the date paid (dd/mm/yyyy)"))
        return None
    try:
        paid_on = _day(row.get("paid_on"))
    except ValueError as exc:
        problem("paid_on", str(exc))
        return None
    voucher = _text(row.get("voucher"))
    if not voucher or len(voucher) > VOUCHER_LIMIT:
        problem(
            "voucher",
            _("give the voucher reference (at most %(n)s characters)") % {"n": VOUCHER_LIMIT},
        )
        return None
    note = _text(row.get("note"))
    if len(note) > NOTE_LIMIT:
        problem("note", _("at most %(n)s characters") % {"n": NOTE_LIMIT})
        return None
    return Payment(number, task, source, amount, paid_on, voucher, note)
