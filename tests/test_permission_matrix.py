"""Every URL pattern x every persona x an object in scope and one out of scope, GET and POST.

The table below (CASES) says, for each named URL of the project, which personas may use it
on which object. The test walks the URL conf: a URL without a case fails
`test_every_url_pattern_has_a_case`, so a new page cannot ship without saying who may use it.

For every case, persona and method the test checks:

- the action takes effect (a page is shown, a row is written, a file is sent) exactly for
  the personas the table names, and for nobody else;
- a refused request writes nothing (the database's rows are compared before and after);
- no response names a task or a directive the persona may not see (its body — HTML, or the
  text inside a spreadsheet — is scanned for the out-of-scope secrets);
- nothing answers 500.

Personas mirror the demo accounts (README): `central` views the whole country, `tq-manager`
manages Tuyên Quang, `tq-skhcn` reports for Tuyên Quang's Department of Science and
Technology, `tq-lambinh` reports for a commune of Tuyên Quang, `cb-manager` manages Cao Bằng,
`admin` is a superuser, and `outsider` is signed in with no role at all.
"""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from steerco.budget.models import Allocation, Disbursement, Estimate, PlannedDisbursement
from steerco.directives.models import Directive, Task
from steerco.exchange.selectors import exchange_document
from steerco.indicators.models import Indicator, IndicatorValue
from steerco.intake.budget_sheets import COLUMNS as MONEY_COLUMNS
from steerco.intake.budget_sheets import budget_sheet_export
from steerco.intake.pending import pending_save
from steerco.intake.sheets import COLUMNS, HEADER_ROW, META, SHEET, sheet_export
from steerco.intake.tests import builders
from steerco.meetings.models import AgendaItem, Conclusion, Meeting
from steerco.progress.models import EvidenceFile, Extension, ProgressUpdate
from steerco.progress.services import UploadedEvidence, extension_request, progress_report
from steerco.units.models import Membership
from steerco.web.tests.conftest import build_web_data
from tests.factories import make_directive, make_task

CENTRAL, TQM, TQR, LB, CBM, ADMIN, OUT = (
    "central",
    "tq-manager",
    "tq-skhcn",
    "tq-lambinh",
    "cb-manager",
    "admin",
    "outsider",
)
PERSONAS = (CENTRAL, TQM, TQR, LB, CBM, ADMIN, OUT)
SIGNED_IN = frozenset(PERSONAS)
HOLDERS = SIGNED_IN - {OUT}  # anyone with a role somewhere
NOBODY: frozenset[str] = frozenset()

# Text that only some personas may read anywhere on the site.
CB_SECRET = "Nhiệm vụ bí mật của Cao Bằng"  # a task of Cao Bằng's plan
TQ_SECRET = "Xây dựng nền tảng dữ liệu khoa học"  # a task led by Tuyên Quang's department
SECRETS = {
    CB_SECRET: frozenset({CENTRAL, CBM, ADMIN}),
    TQ_SECRET: frozenset({CENTRAL, TQM, TQR, ADMIN}),
}


@dataclass
class World:
    """The objects the cases point at: the factories' tree with tasks in every class."""

    tree: Any
    web: Any
    cb_task: Task
    cb_awaiting: Task
    tq_extension: Extension
    cb_extension: Extension
    tq_evidence: EvidenceFile
    cb_evidence: EvidenceFile
    users: dict[str, Any]
    meetings: dict[str, Any] = field(default_factory=dict)  # a held meeting per committee


@dataclass
class Target:
    """One object (or none) a URL is asked about, and who may act on it."""

    label: str
    get: frozenset[str]  # personas for whom GET takes effect (page shown, file sent)
    post: frozenset[str] | None = None  # personas for whom POST takes effect; None: GET only
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    query: Callable[[World], dict[str, Any]] = lambda w: {}
    data: Callable[[World, Any], dict[str, Any]] = lambda w, user: {}
    # What "took effect" means for a POST that writes nothing to the database.
    post_effect: Callable[[Any], bool] | None = None
    get_effect: Callable[[Any], bool] = lambda r: r.status_code == 200


@dataclass
class Case:
    targets: list[Target] = field(default_factory=list)
    public: bool = False  # the sign-in pages: no role needed; only "never a 500" is checked


def _report(w: World, user: Any) -> dict[str, Any]:
    return {
        "idempotency_key": uuid.uuid4().hex,
        "reported_on": w.web.today.isoformat(),
        "state": "in_progress",
        "percent": "40",
        "done": "Đã triển khai một phần",
    }


def _budget_estimate(w: World, user: Any) -> dict[str, Any]:
    return {"source": "provincial", "year": str(w.web.today.year), "amount": "1,5 tỷ"}


def _budget_allocation(w: World, user: Any) -> dict[str, Any]:
    return {
        **_budget_estimate(w, user),
        "decision_symbol": "99/QĐ-UBND",
        "decided_on": w.web.today.isoformat(),
    }


def _budget_disbursement(w: World, user: Any) -> dict[str, Any]:
    return {
        **_budget_estimate(w, user),
        "paid_on": w.web.today.isoformat(),
        "amount": "500 triệu",
        "voucher": "PC-01",
        "over_allocation": "on",
        "note": "Tạm ứng trước quyết định phân bổ",
    }


def _task_form(w: World, user: Any) -> dict[str, Any]:
    return {
        "content": "Nhiệm vụ mới do kiểm thử quyền tạo",
        "lead_unit": str(w.tree.tuyen_quang.pk),
        "assigned_on": w.web.today.isoformat(),
        "due_on": (w.web.today + timedelta(days=30)).isoformat(),
    }


def _task_form_cb(w: World, user: Any) -> dict[str, Any]:
    return {**_task_form(w, user), "lead_unit": str(w.tree.cao_bang.pk)}


def _directive_form(issuer: str) -> Callable[[World, Any], dict[str, Any]]:
    def data(w: World, user: Any) -> dict[str, Any]:
        unit = getattr(w.tree, issuer)
        return {
            "symbol": f"{uuid.uuid4().hex[:6]}-KH/UBND",
            "kind": "plan",
            "issuer": str(unit.pk),
            "issued_on": w.web.today.isoformat(),
            "title": "Kế hoạch kiểm thử quyền",
        }

    return data


def _directive_edit(
    directive: Callable[[World], Directive],
) -> Callable[[World, Any], dict[str, Any]]:
    def data(w: World, user: Any) -> dict[str, Any]:
        d = directive(w)
        return {
            "symbol": d.symbol,
            "kind": d.kind,
            "issued_on": d.issued_on.isoformat(),
            "title": f"Tiêu đề đã sửa {uuid.uuid4().hex[:6]}",
        }

    return data


def _held_plan(user: Any, directive: Directive, within: Any) -> dict[str, Any]:
    """A one-task plan held for `user` between preview and commit, and the commit's fields."""
    rows = [
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Sản phẩm"],
        ["1", "Nhiệm vụ nhập từ kế hoạch", "Sở Khoa học và Công nghệ", "31/12/2026", "Báo cáo"],
    ]
    token = pending_save(user_id=user.pk, kind="xlsx", data=builders.xlsx_bytes(rows, merges=[]))
    return {
        "token": token,
        "kind": "xlsx",
        "name": "ke-hoach.xlsx",
        "directive": directive.pk,
        "within": within.pk,
    }


def _held_sheet(
    user: Any, unit: Any, w: World, *, claim: str | None = None, meta_unit: str | None = None
) -> dict[str, Any]:
    """`unit`'s progress sheet with its first row filled in, held for `user`; posted as
    reporting for `claim` (default: the sheet's unit), its hidden unit cell set to
    `meta_unit` (default: left as exported)."""
    book = load_workbook(io.BytesIO(sheet_export(unit=unit, exported_on=w.web.today)))
    sheet = book[SHEET]
    sheet.cell(HEADER_ROW + 1, 1 + [c.key for c in COLUMNS].index("done"), "Đã triển khai")
    if meta_unit is not None:
        for row in book[META].iter_rows():
            if row[0].value == "unit":
                row[1].value = meta_unit
    out = io.BytesIO()
    book.save(out)
    token = pending_save(user_id=user.pk, kind="xlsx", data=out.getvalue())
    return {"token": token, "name": "tien-do.xlsx", "unit": claim or unit.code}


def _held_disbursements(
    user: Any, task: Task, w: World, *, claim: str | None = None
) -> dict[str, Any]:
    """The disbursement sheet of `task`'s lead unit, the task allocated 1 billion and its
    row filled with a payment, held for `user`; posted as reporting for `claim`."""
    Allocation.objects.create(
        task=task,
        source="provincial",
        year=w.web.today.year,
        decision_symbol="1/QĐ-UBND",
        decided_on=w.web.today - timedelta(days=30),
        amount=10**9,
    )
    data = budget_sheet_export(unit=task.lead_unit, year=w.web.today.year, exported_on=w.web.today)
    book = load_workbook(io.BytesIO(data))
    keys = [c.key for c in MONEY_COLUMNS]
    sheet = book[book.sheetnames[0]]
    for key, value in (
        ("amount", "100 triệu"),
        ("paid_on", f"{w.web.today:%d/%m/%Y}"),
        ("voucher", "PC-1"),
    ):
        sheet.cell(HEADER_ROW + 1, 1 + keys.index(key), value)
    out = io.BytesIO()
    book.save(out)
    token = pending_save(user_id=user.pk, kind="xlsx", data=out.getvalue())
    return {"token": token, "name": "giai-ngan.xlsx", "unit": claim or task.lead_unit.code}


def _value_sheet(w: World, sheet_of: str, claim: str) -> dict[str, Any]:
    """`sheet_of`'s value sheet for 2025-09 with PROC_HANDLED filled in, posted as
    reporting for `claim`."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from steerco.intake.value_sheets import HEADER_ROW as V_HEADER
    from steerco.intake.value_sheets import SHEET as V_SHEET
    from steerco.intake.value_sheets import value_sheet_export
    from steerco.lib.calendar_periods import parse_calendar_period
    from steerco.units.models import Unit

    _catalogue({})(w)
    unit = Unit.objects.get(code=sheet_of)
    data = value_sheet_export(
        unit=unit, period=parse_calendar_period("2025-09"), exported_on=w.web.today
    )
    book = load_workbook(io.BytesIO(data))
    sheet = book[V_SHEET]
    for row in range(V_HEADER + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == "PROC_HANDLED":
            sheet.cell(row, 5, 10)
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("chi-tieu.xlsx", out.getvalue())
    return {"unit": claim, "period": "2025-09", "file": upload}


def _catalogue(kwargs: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    """The seeds' indicator catalogue, loaded once for the test, and the URL's kwargs."""

    def load(w: World) -> dict[str, Any]:
        from steerco.indicators.imports import catalogue_load
        from steerco.indicators.tests.conftest import SEED

        if not Indicator.objects.exists():
            catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)
        return kwargs

    return load


def _index(kwargs: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    """The seeds' catalogue and a composite index GREENX defined on it, and the kwargs."""

    def load(w: World) -> dict[str, Any]:
        import json

        from steerco.indicators.indices.definitions import index_define
        from steerco.indicators.indices.models import Index
        from steerco.indicators.tests.test_index_definitions import document

        _catalogue({})(w)
        if not Index.objects.filter(code="GREENX").exists():
            index_define(name="greenx.json", data=json.dumps(document()).encode(), commit=True)
        return kwargs

    return load


def _reminded(kwargs: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    """The reminders of the ten days from the world's today, recorded once, and the kwargs."""

    def remind_once(w: World) -> dict[str, Any]:
        from steerco.notices.models import Notice
        from steerco.notices.services import remind

        if not Notice.objects.exists():
            for i in range(11):
                remind(as_of=w.web.today + timedelta(days=i))
        return kwargs

    return remind_once


def _is_file(response: Any) -> bool:
    return response.status_code == 200 and "attachment" in response.get("Content-Disposition", "")


# --- account administration (issue 14) -------------------------------------------------

STRONG_PASSWORD = "sông Lô chảy qua Tuyên Quang"


def _official(unit_code: str, *, active: bool = True, authenticator: bool = False) -> Any:
    """A reporter of `unit_code` (the same account at every call)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from steerco.units.models import Unit
    from steerco.units.services import membership_grant

    user, _ = get_user_model().objects.get_or_create(
        username=f"official-{unit_code}{'' if active else '-left'}",
        defaults={"first_name": f"Cán bộ {unit_code}", "is_active": active},
    )
    membership_grant(user=user, unit=Unit.objects.get(code=unit_code), role="reporter")
    if authenticator and not TOTPDevice.objects.filter(user=user).exists():
        TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def _account_of(unit_code: str, **kw: Any) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"account_id": _official(unit_code, **kw).pk}


def _role_of(unit_code: str) -> Callable[[World], dict[str, Any]]:
    def kwargs(w: World) -> dict[str, Any]:
        user = _official(unit_code)
        return {"account_id": user.pk, "membership_id": user.memberships.get().pk}

    return kwargs


def _new_account(unit_code: str, role: str = "reporter") -> Callable[[World, Any], dict[str, Any]]:
    return lambda w, u: {
        "username": f"new-{uuid.uuid4().hex[:8]}",
        "full_name": "Nguyễn Thị Mới",
        "email": "moi@example.org",
        "unit": unit_code,
        "role": role,
    }


def _open_link(w: World) -> dict[str, Any]:
    from steerco.accounts.links import link_issue

    user, _ = get_user_model().objects.get_or_create(username="invited-official")
    user.set_unusable_password()
    user.save()
    return {"token": link_issue(user=user, purpose="invite", created_by=None).token}


def _used_link(w: World) -> dict[str, Any]:
    from steerco.accounts.links import link_redeem

    token = _open_link(w)["token"]
    link_redeem(token=token, password=STRONG_PASSWORD)
    return {"token": token}


def _token_of(persona: str) -> Callable[[World], dict[str, Any]]:
    """A token of `persona`'s in use (the same one at every call)."""

    def kwargs(w: World) -> dict[str, Any]:
        from steerco.accounts.models import AccessToken
        from steerco.accounts.tokens import token_create

        user = w.users[persona]
        token = AccessToken.objects.filter(user=user, name="matrix").first()
        if token is None:
            token = token_create(actor=None, user=user, name="matrix", scopes="read").access_token
        return {"token_id": token.pk}

    return kwargs


MANAGERS_OF_TQ = frozenset({TQM, ADMIN})
MANAGERS_OF_CB = frozenset({CBM, ADMIN})
ACCOUNT_CASES: dict[str, Case] = {
    "people:directory": Case(
        [
            Target("every role in my units", frozenset({TQM, CBM, ADMIN})),
            Target("Tuyên Quang's", MANAGERS_OF_TQ, query=lambda w: {"unit": "08"}),
            Target("Cao Bằng's", MANAGERS_OF_CB, query=lambda w: {"unit": "04"}),
        ]
    ),
    "people:new": Case(
        [
            Target(
                "a reporter in Tuyên Quang",
                frozenset({TQM, CBM, ADMIN}),
                post=MANAGERS_OF_TQ,
                data=_new_account("08-SKHCN"),
            ),
            Target(
                "a reporter in Cao Bằng",
                frozenset({TQM, CBM, ADMIN}),
                post=MANAGERS_OF_CB,
                data=_new_account("04-SKHCN"),
            ),
            Target(
                "an administrator of Tuyên Quang",
                frozenset({TQM, CBM, ADMIN}),
                post=frozenset({ADMIN}),
                data=_new_account("08", "admin"),
            ),
        ]
    ),
    "people:account": Case(
        [
            Target("a Tuyên Quang official", MANAGERS_OF_TQ, kwargs=_account_of("08-SKHCN")),
            Target("a Cao Bằng official", MANAGERS_OF_CB, kwargs=_account_of("04-SKHCN")),
        ]
    ),
    "people:details": Case(
        [
            Target(
                "a Tuyên Quang official",
                NOBODY,
                post=MANAGERS_OF_TQ,
                kwargs=_account_of("08-SKHCN"),
                data=lambda w, u: {"full_name": "Tên đã sửa", "email": "sua@example.org"},
            ),
            Target(
                "a Cao Bằng official",
                NOBODY,
                post=MANAGERS_OF_CB,
                kwargs=_account_of("04-SKHCN"),
                data=lambda w, u: {"full_name": "Tên đã sửa", "email": "sua@example.org"},
            ),
        ]
    ),
    "people:role_give": Case(
        [
            Target(
                "viewer on a Tuyên Quang commune",
                NOBODY,
                post=MANAGERS_OF_TQ,
                kwargs=_account_of("08-SKHCN"),
                data=lambda w, u: {"unit": "02233", "role": "viewer"},
            ),
            Target(
                "a role on Cao Bằng to a Tuyên Quang official",
                NOBODY,
                post=frozenset({ADMIN}),
                kwargs=_account_of("08-SKHCN"),
                data=lambda w, u: {"unit": "04", "role": "viewer"},
            ),
            Target(
                "administrator of Tuyên Quang",
                NOBODY,
                post=frozenset({ADMIN}),
                kwargs=_account_of("08-SKHCN"),
                data=lambda w, u: {"unit": "08", "role": "admin"},
            ),
        ]
    ),
    "people:role_take": Case(
        [
            Target("a Tuyên Quang role", NOBODY, post=MANAGERS_OF_TQ, kwargs=_role_of("08-SKHCN")),
            Target("a Cao Bằng role", NOBODY, post=MANAGERS_OF_CB, kwargs=_role_of("04-SKHCN")),
        ]
    ),
    **{
        name: Case(
            [
                Target(
                    "a Tuyên Quang official",
                    NOBODY,
                    post=MANAGERS_OF_TQ,
                    kwargs=_account_of("08-SKHCN", **kw),
                ),
                Target(
                    "a Cao Bằng official",
                    NOBODY,
                    post=MANAGERS_OF_CB,
                    kwargs=_account_of("04-SKHCN", **kw),
                ),
            ]
        )
        for name, kw in (
            ("people:deactivate", {}),
            ("people:reactivate", {"active": False}),
            ("people:password_link", {}),
            ("people:two_factor_reset", {"authenticator": True}),
        )
    },
    # The page a one-time link opens: the token is the proof, whoever is signed in.
    "people:link": Case(
        [
            Target(
                "an open invitation",
                SIGNED_IN,
                post=SIGNED_IN,
                kwargs=_open_link,
                data=lambda w, u: {
                    "new_password1": STRONG_PASSWORD,
                    "new_password2": STRONG_PASSWORD,
                },
            ),
            Target(
                "a used invitation",
                NOBODY,
                post=NOBODY,
                kwargs=_used_link,
                data=lambda w, u: {
                    "new_password1": STRONG_PASSWORD,
                    "new_password2": STRONG_PASSWORD,
                },
            ),
        ]
    ),
}


# An official's scorecard (issue 21): the official, managers of their unit and above,
# administrators; never a colleague of the same department. Each download is a file.
def _person_of(unit_code: str, account: str | None = None) -> Callable[[World], dict[str, Any]]:
    def kwargs(w: World) -> dict[str, Any]:
        from steerco.people.models import Person
        from steerco.units.models import Unit

        user = w.users[account] if account else None
        person, _ = Person.objects.get_or_create(
            full_name=f"Cán bộ {unit_code} {account or ''}".strip(),
            unit=Unit.objects.get(code=unit_code),
            defaults={"user": user},
        )
        return {"person_id": person.pk}

    return kwargs


PERSON_SCORECARD_CASES: dict[str, Case] = {
    "officials_scorecard:scorecard": Case(
        [
            Target("a Tuyên Quang official", MANAGERS_OF_TQ, kwargs=_person_of("08-SKHCN")),
            Target(
                "the department reporter's own record",
                frozenset({TQM, TQR, ADMIN}),
                kwargs=_person_of("08-SKHCN", TQR),
            ),
            Target("a Cao Bằng official", MANAGERS_OF_CB, kwargs=_person_of("04-SKHCN")),
            Target(
                "a Tuyên Quang official's annex (docx)",
                MANAGERS_OF_TQ,
                kwargs=_person_of("08-SKHCN"),
                query=lambda w: {"format": "docx"},
                get_effect=_is_file,
            ),
            Target(
                "a Cao Bằng official's annex (xlsx)",
                MANAGERS_OF_CB,
                kwargs=_person_of("04-SKHCN"),
                query=lambda w: {"format": "xlsx", "lang": "en"},
                get_effect=_is_file,
            ),
        ]
    ),
}


# The officials pages and a task's transfer of responsibility (issue 21): managers keep
# the officials of their units; a task's responsibility is transferred by managers of
# its lead unit.
def _official_in(unit_code: str, name: str = "Nguyễn Văn Đức") -> Any:
    from steerco.people.models import Person
    from steerco.units.models import Unit

    person, _ = Person.objects.get_or_create(
        full_name=name, unit=Unit.objects.get(code=unit_code), defaults={"position": "Phó Giám đốc"}
    )
    return person


def _official_kwargs(unit_code: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"person_id": _official_in(unit_code).pk}


def _official_form(unit_code: str) -> Callable[[World, Any], dict[str, Any]]:
    def data(w: World, user: Any) -> dict[str, Any]:
        from steerco.units.models import Unit

        return {
            "full_name": f"Trần Thị Hoa {uuid.uuid4().hex[:6]}",
            "position": "Giám đốc Sở",
            "unit": str(Unit.objects.get(code=unit_code).pk),
            "active_from": "2025-01-01",
        }

    return data


def _transfer_kwargs(task: Callable[[World], Task]) -> Callable[[World], dict[str, Any]]:
    def kwargs(w: World) -> dict[str, Any]:
        _official_in(task(w).lead_unit.code, "Lê Quang Minh")  # the official transferred to
        return {"task_id": task(w).pk}

    return kwargs


def _transfer_form(task: Callable[[World], Task]) -> Callable[[World, Any], dict[str, Any]]:
    return lambda w, u: {
        "person": str(_official_in(task(w).lead_unit.code, "Lê Quang Minh").pk),
        "since": w.web.today.isoformat(),
        "note": "Quyết định điều động",
    }


MANAGERS = frozenset({TQM, CBM, ADMIN})
OFFICIALS_CASES: dict[str, Case] = {
    "officials:list": Case(
        [
            Target("the officials of my units", MANAGERS),
            Target("Tuyên Quang's officials", MANAGERS_OF_TQ, query=lambda w: {"unit": "08"}),
            Target("Cao Bằng's officials", MANAGERS_OF_CB, query=lambda w: {"unit": "04"}),
        ]
    ),
    "officials:new": Case(
        [
            Target(
                "an official of Tuyên Quang's department",
                MANAGERS,
                post=MANAGERS_OF_TQ,
                data=_official_form("08-SKHCN"),
            ),
            Target(
                "an official of Cao Bằng's department",
                MANAGERS,
                post=MANAGERS_OF_CB,
                data=_official_form("04-SKHCN"),
            ),
        ]
    ),
    "officials:edit": Case(
        [
            Target(
                "an official of Tuyên Quang",
                MANAGERS_OF_TQ,
                post=MANAGERS_OF_TQ,
                kwargs=_official_kwargs("08-SKHCN"),
                data=lambda w, u: {
                    "full_name": "Nguyễn Văn Đức",
                    "position": "Giám đốc Sở",
                    "unit": str(_official_in("08-SKHCN").unit_id),
                },
            ),
            Target(
                "an official of Cao Bằng",
                MANAGERS_OF_CB,
                post=MANAGERS_OF_CB,
                kwargs=_official_kwargs("04-SKHCN"),
                data=lambda w, u: {
                    "full_name": "Nguyễn Văn Đức",
                    "position": "Giám đốc Sở",
                    "unit": str(_official_in("04-SKHCN").unit_id),
                },
            ),
        ]
    ),
    "web:task_responsibility": Case(
        [
            Target(
                "Tuyên Quang's task",
                MANAGERS_OF_TQ,
                post=MANAGERS_OF_TQ,
                kwargs=_transfer_kwargs(lambda w: w.web.overdue),
                data=_transfer_form(lambda w: w.web.overdue),
            ),
            Target(
                "Cao Bằng's task",
                MANAGERS_OF_CB,
                post=MANAGERS_OF_CB,
                kwargs=_transfer_kwargs(lambda w: w.cb_task),
                data=_transfer_form(lambda w: w.cb_task),
            ),
        ]
    ),
}


# The API's writes (issue 18): the pages' rules, as JSON. A bulk POST answers 200 with a
# result per item, so "took effect" is a row written.
def _api_report(task: Callable[[World], Task]) -> Callable[[World, Any], dict[str, Any]]:
    return lambda w, u: {
        "task": task(w).pk,
        "reported_on": w.web.today.isoformat(),
        "state": "in_progress",
        "percent": 40,
    }


def _api_bulk(task: Callable[[World], Task]) -> Callable[[World, Any], dict[str, Any]]:
    return lambda w, u: {"items": [_api_report(task)(w, u)]}


def _api_extension(task: Callable[[World], Task]) -> Callable[[World, Any], dict[str, Any]]:
    return lambda w, u: {
        "task": task(w).pk,
        "new_due_on": (w.web.today + timedelta(days=90)).isoformat(),
        "reason": "Chờ kinh phí",
        "late_reason": "Kinh phí về chậm",
    }


def _api_report_query(unit: str, **more: Any) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"unit": unit, "as_of": w.web.today.isoformat(), "format": "json", **more}


def _acceptance(verb: str) -> Callable[[World, Any], dict[str, Any]]:
    body = {"reason": "Thiếu sản phẩm"} if verb == "return" else {"note": "Đạt yêu cầu"}
    return lambda w, u: body


def _tq_task(w: World) -> Task:
    return w.web.on_track


def _cb_task(w: World) -> Task:
    return w.cb_task


def _province_document(w: World, user: Any) -> dict[str, Any]:
    """The exchange document of a plan Tuyên Quang entered on its own instance — a task
    for its department and a report on it —, made here and rolled back: importing it
    creates them."""
    with transaction.atomic():
        plan = make_directive(w.tree.tuyen_quang, symbol="77-KH/UBND")
        task = make_task(
            plan, w.tree.tq_skhcn, reference="1", due_on=w.web.today + timedelta(days=30)
        )
        progress_report(task=task, reported_on=w.web.today, state="in_progress", percent=30)
        document = exchange_document(unit=w.tree.tuyen_quang, directives=[plan])
        transaction.set_rollback(True)
    return document.model_dump(mode="json")


REPORTERS_OF_TQ = frozenset({TQM, TQR, ADMIN})
API_WRITE_CASES: dict[str, Case] = {
    "api-v1:progress_update_create": Case(
        [
            Target("Tuyên Quang's task", NOBODY, REPORTERS_OF_TQ, data=_api_report(_tq_task)),
            Target("Cao Bằng's task", NOBODY, MANAGERS_OF_CB, data=_api_report(_cb_task)),
        ]
    ),
    "api-v1:progress_updates_bulk": Case(
        [
            Target("Tuyên Quang's task", NOBODY, REPORTERS_OF_TQ, data=_api_bulk(_tq_task)),
            Target("Cao Bằng's task", NOBODY, MANAGERS_OF_CB, data=_api_bulk(_cb_task)),
        ]
    ),
    **{
        f"api-v1:task_{verb}": Case(
            [
                Target(
                    "Tuyên Quang's completion",
                    NOBODY,
                    MANAGERS_OF_TQ,
                    kwargs=lambda w: {"task_id": w.web.awaiting.pk},
                    data=_acceptance(verb),
                ),
                Target(
                    "Cao Bằng's completion",
                    NOBODY,
                    MANAGERS_OF_CB,
                    kwargs=lambda w: {"task_id": w.cb_awaiting.pk},
                    data=_acceptance(verb),
                ),
            ]
        )
        for verb in ("accept", "return")
    },
    "api-v1:extension_create": Case(
        [
            Target("Tuyên Quang's task", NOBODY, REPORTERS_OF_TQ, data=_api_extension(_tq_task)),
            # Overdue: only a manager of the assigning unit records a request now.
            Target(
                "Cao Bằng's overdue task", NOBODY, MANAGERS_OF_CB, data=_api_extension(_cb_task)
            ),
        ]
    ),
    "api-v1:extension": Case(
        [
            Target(
                "Tuyên Quang's extension",
                frozenset({CENTRAL, TQM, TQR, ADMIN}),
                kwargs=lambda w: {"extension_id": w.tq_extension.pk},
            ),
            Target(
                "Cao Bằng's extension",
                frozenset({CENTRAL, CBM, ADMIN}),
                kwargs=lambda w: {"extension_id": w.cb_extension.pk},
            ),
        ]
    ),
    "api-v1:extension_decide": Case(
        [
            Target(
                "Tuyên Quang's extension",
                NOBODY,
                MANAGERS_OF_TQ,
                kwargs=lambda w: {"extension_id": w.tq_extension.pk},
                data=lambda w, u: {"decision": "reject"},
            ),
            Target(
                "Cao Bằng's extension",
                NOBODY,
                MANAGERS_OF_CB,
                kwargs=lambda w: {"extension_id": w.cb_extension.pk},
                data=lambda w, u: {"decision": "reject"},
            ),
        ]
    ),
    "api-v1:report": Case(
        [
            Target("own province", frozenset({CENTRAL, TQM, ADMIN}), query=_api_report_query("08")),
            Target(
                "other province", frozenset({CENTRAL, CBM, ADMIN}), query=_api_report_query("04")
            ),
            Target(
                "Cao Bằng's plan for own province",
                frozenset({CENTRAL, ADMIN}),
                query=lambda w: _api_report_query("08", directive=w.web.cb_plan.symbol)(w),
            ),
        ]
    ),
}


# The API's reads (issue 18): the same rules as the pages — a unit outside the persona's
# roles 403, a task or directive they may not see 404, peers' rankings for the peers and
# those above them. Each GET on a Tuyên Quang and a Cao Bằng object; a GET-only route
# answers a POST 405, which writes nothing.
TQ_VIEWERS = frozenset({CENTRAL, TQM, ADMIN})
CB_VIEWERS = frozenset({CENTRAL, CBM, ADMIN})


def _units_cases() -> dict[str, Case]:
    return {
        f"api-v1:{name}": Case(
            [
                Target("Tuyên Quang", TQ_VIEWERS, kwargs=lambda w: {"code": "08"}),
                Target("Cao Bằng", CB_VIEWERS, kwargs=lambda w: {"code": "04"}),
                Target(
                    "Tuyên Quang's department",
                    TQ_VIEWERS | {TQR},
                    kwargs=lambda w: {"code": "08-SKHCN"},
                ),
            ]
        )
        for name in ("unit", "unit_tree", "scorecard")
    }


def _task_target(label: str, task: Callable[[World], Task], who: frozenset[str]) -> Target:
    return Target(label, who, kwargs=lambda w: {"task_id": task(w).pk})


API_READ_CASES: dict[str, Case] = {
    "api-v1:units": Case([Target("the units of my roles", SIGNED_IN)]),
    **_units_cases(),
    "api-v1:directives": Case([Target("the directives I may open", SIGNED_IN)]),
    "api-v1:directive": Case(
        [
            Target(
                "Tuyên Quang's programme",
                HOLDERS - {CBM},
                kwargs=lambda w: {"directive_id": w.web.programme.pk},
            ),
            Target(
                "Cao Bằng's plan", CB_VIEWERS, kwargs=lambda w: {"directive_id": w.web.cb_plan.pk}
            ),
        ]
    ),
    "api-v1:tasks": Case(
        [
            Target("every task I may see", SIGNED_IN),
            Target("Tuyên Quang's", SIGNED_IN, query=lambda w: {"unit": "08"}),
            Target(
                "Cao Bằng's plan",
                CB_VIEWERS,
                query=lambda w: {"directive": w.web.cb_plan.pk},
            ),
        ]
    ),
    **{
        f"api-v1:{name}": Case(
            [
                _task_target(
                    "a Tuyên Quang department's task",
                    lambda w: w.web.overdue,
                    TQ_VIEWERS | {TQR},
                ),
                _task_target(
                    "a Tuyên Quang commune's task",
                    lambda w: w.web.commune_overdue,
                    TQ_VIEWERS | {LB},
                ),
                _task_target("Cao Bằng's task", lambda w: w.cb_task, CB_VIEWERS),
            ]
        )
        for name in ("task", "task_history")
    },
    "api-v1:indicators": Case([Target("the catalogue", SIGNED_IN, kwargs=_catalogue({}))]),
    "api-v1:indicator_figure": Case(
        [
            Target(
                f"{name}'s figure",
                readers,
                kwargs=_catalogue({"code": "PROC_HANDLED", "unit_code": code}),
                query=lambda w: {"period": "2025-09"},
            )
            for name, code, readers in (
                ("Tuyên Quang", "08", TQ_VIEWERS),
                ("Lâm Bình", "02233", TQ_VIEWERS | {LB}),
                ("Cao Bằng", "04", CB_VIEWERS),
            )
        ]
    ),
    "api-v1:indices": Case([Target("the indices", SIGNED_IN, kwargs=_index({}))]),
    "api-v1:index_ranking": Case(
        [
            Target(
                "provinces",
                frozenset({CENTRAL, TQM, CBM, ADMIN}),
                kwargs=_index({"code": "GREENX"}),
                query=lambda w: {"peers": "provinces", "period": "2024"},
            ),
            Target(
                "communes of Tuyên Quang",
                TQ_VIEWERS | {LB},
                kwargs=_index({"code": "GREENX"}),
                query=lambda w: {"peers": "communes", "unit": "08", "period": "2024"},
            ),
            Target(
                "departments of Cao Bằng",
                CB_VIEWERS,
                kwargs=_index({"code": "GREENX"}),
                query=lambda w: {"peers": "departments", "unit": "04", "period": "2024"},
            ),
        ]
    ),
    "api-v1:budget_summary": Case(
        [
            Target(
                "Tuyên Quang's budget",
                TQ_VIEWERS,
                query=lambda w: {"unit": "08", "year": "2025"},
            ),
            Target(
                "Cao Bằng's budget",
                CB_VIEWERS,
                query=lambda w: {"unit": "04", "year": "2025"},
            ),
        ]
    ),
    # The exchange (issue 19): a unit's document to whoever may view the unit; a document
    # imported by whoever may create what it carries (a plan of the province: its managers).
    "api-v1:exchange-export": Case(
        [
            Target("Tuyên Quang's document", TQ_VIEWERS, query=lambda w: {"unit": "08"}),
            Target("Cao Bằng's document", CB_VIEWERS, query=lambda w: {"unit": "04"}),
        ]
    ),
    "api-v1:exchange-import": Case(
        [
            Target(
                "a plan of Tuyên Quang with a report",
                NOBODY,
                MANAGERS_OF_TQ,
                query=lambda w: {"commit": "true"},
                data=_province_document,
            ),
        ]
    ),
    "api-v1:rankings": Case(
        [
            Target(
                "provinces",
                frozenset({CENTRAL, TQM, CBM, ADMIN}),
                query=lambda w: {"peers": "provinces"},
            ),
            Target(
                "communes of Tuyên Quang",
                TQ_VIEWERS | {LB},
                query=lambda w: {"peers": "communes", "unit": "08"},
            ),
            Target(
                "departments of Cao Bằng",
                CB_VIEWERS,
                query=lambda w: {"peers": "departments", "unit": "04"},
            ),
        ]
    ),
}


# --- the REST API (issue 18): /api/v1/ ------------------------------------------------
# The test client signs in with a session, as for the pages; the API answers JSON, and a
# refusal is problem details (401/403/404). The schema and the docs page hold no data:
# public. The token side (scopes, a token never seeing more than its user) is tested in
# steerco/api/tests/.

API_CASES: dict[str, Case] = {
    "api-v1:openapi-json": Case(public=True),
    "api-v1:openapi-view": Case(public=True),
    "api-v1:exchange-schema": Case(public=True),  # the exchange document's JSON Schema
    "api-v1:api-root": Case(public=True),  # ninja's reverse() anchor: answers 404
    "api_no_such_route": Case(public=True),  # any other /api/ address: 404 problem details
    "api-v1:me": Case([Target("the caller", SIGNED_IN)]),
    **API_READ_CASES,
    **API_WRITE_CASES,
}


CASES: dict[str, Case] = {
    # --- overview, ranking, reports -------------------------------------------------
    "web:dashboard": Case(
        [
            Target(
                "own province", frozenset({CENTRAL, TQM, ADMIN}), query=lambda w: {"unit": "08"}
            ),
            Target(
                "other province", frozenset({CENTRAL, CBM, ADMIN}), query=lambda w: {"unit": "04"}
            ),
            Target(
                "Tuyên Quang's programme",
                HOLDERS - {CBM},
                query=lambda w: {"directive": w.web.programme.pk},
            ),
            Target(
                "Cao Bằng's plan",
                frozenset({CENTRAL, CBM, ADMIN}),
                query=lambda w: {"directive": w.web.cb_plan.pk},
            ),
        ]
    ),
    # The budget summary of a unit's subtree: whoever's roles cover the unit (issue 21).
    "web:budget_summary": Case(
        [
            Target(
                "own province",
                frozenset({CENTRAL, TQM, ADMIN}),
                query=lambda w: {"unit": "08", "year": "2025"},
            ),
            Target(
                "other province",
                frozenset({CENTRAL, CBM, ADMIN}),
                query=lambda w: {"unit": "04", "year": "2025"},
            ),
        ]
    ),
    "web:ranking": Case(
        [
            Target(
                "provinces",
                frozenset({CENTRAL, TQM, CBM, ADMIN}),
                query=lambda w: {"peers": "provinces"},
            ),
            Target(
                "communes of Tuyên Quang",
                frozenset({CENTRAL, TQM, LB, ADMIN}),
                query=lambda w: {"peers": "communes", "unit": "08"},
            ),
            Target(
                "communes of Cao Bằng",
                frozenset({CENTRAL, CBM, ADMIN}),
                query=lambda w: {"peers": "communes", "unit": "04"},
            ),
        ]
    ),
    "reports:reports": Case(
        [
            Target("the form", HOLDERS | {OUT}),
            Target(
                "own province",
                frozenset({CENTRAL, TQM, ADMIN}),
                query=lambda w: {
                    "unit": "08",
                    "as_of": w.web.today.isoformat(),
                    "format": "html",
                    "lang": "vi",
                    "layout": "state",
                },
            ),
            Target(
                "other province",
                frozenset({CENTRAL, CBM, ADMIN}),
                query=lambda w: {
                    "unit": "04",
                    "as_of": w.web.today.isoformat(),
                    "format": "html",
                    "lang": "vi",
                    "layout": "state",
                },
            ),
            Target(
                "Cao Bằng's plan for own province",
                frozenset({CENTRAL, ADMIN}),
                query=lambda w: {
                    "unit": "08",
                    "directive": w.web.cb_plan.symbol,
                    "as_of": w.web.today.isoformat(),
                    "format": "html",
                    "lang": "vi",
                    "layout": "state",
                },
            ),
        ]
    ),
    # --- directives -------------------------------------------------------------------
    "web:directive_new": Case(
        [
            Target(
                "in Tuyên Quang",
                frozenset({TQM, CBM, ADMIN}),
                post=frozenset({TQM, ADMIN}),
                data=_directive_form("tuyen_quang"),
            ),
            Target(
                "in Cao Bằng",
                frozenset({TQM, CBM, ADMIN}),
                post=frozenset({CBM, ADMIN}),
                data=_directive_form("cao_bang"),
            ),
        ]
    ),
    # The directive picker's search answers everyone signed in, with only the directives
    # each may open (the body scan checks Cao Bằng's plan reaches nobody else).
    "web:directive_pick": Case(
        [
            Target("the directives I may open", SIGNED_IN, query=lambda w: {"q": "kh"}),
            Target(
                "Cao Bằng's plan by its symbol",
                SIGNED_IN,
                query=lambda w: {"q": w.web.cb_plan.symbol},
            ),
        ]
    ),
    "web:directive": Case(
        [
            Target(
                "Tuyên Quang's programme",
                HOLDERS - {CBM},
                kwargs=lambda w: {"directive_id": w.web.programme.pk},
            ),
            Target(
                "Cao Bằng's plan",
                frozenset({CENTRAL, CBM, ADMIN}),
                kwargs=lambda w: {"directive_id": w.web.cb_plan.pk},
            ),
        ]
    ),
    "web:directive_edit": Case(
        [
            Target(
                "Tuyên Quang's programme",
                frozenset({TQM, ADMIN}),
                post=frozenset({TQM, ADMIN}),
                kwargs=lambda w: {"directive_id": w.web.programme.pk},
                data=_directive_edit(lambda w: w.web.programme),
            ),
            Target(
                "Cao Bằng's plan",
                frozenset({CBM, ADMIN}),
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"directive_id": w.web.cb_plan.pk},
                data=_directive_edit(lambda w: w.web.cb_plan),
            ),
        ]
    ),
    # No directive of the world has a document: not found for everyone (the download's
    # rights are directive_for_user's; steerco/web/tests/test_directive_edit.py).
    "web:directive_document": Case(
        [
            Target(
                "Tuyên Quang's programme",
                frozenset(),
                kwargs=lambda w: {"directive_id": w.web.programme.pk},
            ),
        ]
    ),
    # --- tasks -----------------------------------------------------------------------
    "web:tasks": Case(
        [
            Target("own unit", SIGNED_IN, query=lambda w: {"unit": "08"}),
            Target("other province", SIGNED_IN, query=lambda w: {"unit": "04"}),
        ]
    ),
    "web:tasks_export": Case(
        [
            Target("own unit", SIGNED_IN, query=lambda w: {"unit": "08"}, get_effect=_is_file),
            Target(
                "other province", SIGNED_IN, query=lambda w: {"unit": "04"}, get_effect=_is_file
            ),
        ]
    ),
    "web:task_new": Case(
        [
            Target(
                "in Tuyên Quang's programme",
                frozenset({TQM, ADMIN}),
                post=frozenset({TQM, ADMIN}),
                query=lambda w: {"directive": w.web.programme.pk},
                data=_task_form,
            ),
            Target(
                "in Cao Bằng's plan",
                frozenset({CBM, ADMIN}),
                post=frozenset({CBM, ADMIN}),
                query=lambda w: {"directive": w.web.cb_plan.pk},
                data=_task_form_cb,
            ),
        ]
    ),
    "web:task": Case(
        [
            Target(
                "Tuyên Quang's task",
                frozenset({CENTRAL, TQM, TQR, ADMIN}),
                kwargs=lambda w: {"task_id": w.web.overdue.pk},
            ),
            Target(
                "Cao Bằng's task",
                frozenset({CENTRAL, CBM, ADMIN}),
                kwargs=lambda w: {"task_id": w.cb_task.pk},
            ),
        ]
    ),
    "web:task_edit": Case(
        [
            Target(
                "Tuyên Quang's task",
                frozenset({TQM, ADMIN}),
                post=frozenset({TQM, ADMIN}),
                kwargs=lambda w: {"task_id": w.web.overdue.pk},
                data=lambda w, u: {"content": "Nội dung đã sửa bởi kiểm thử quyền"},
            ),
            Target(
                "Cao Bằng's task",
                frozenset({CBM, ADMIN}),
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"task_id": w.cb_task.pk},
                data=lambda w, u: {"content": "Nội dung đã sửa bởi kiểm thử quyền"},
            ),
        ]
    ),
    "web:task_report": Case(
        [
            Target(
                "Tuyên Quang's task",
                frozenset({TQM, TQR, ADMIN}),
                post=frozenset({TQM, TQR, ADMIN}),
                kwargs=lambda w: {"task_id": w.web.overdue.pk},
                data=_report,
            ),
            Target(
                "Cao Bằng's task",
                frozenset({CBM, ADMIN}),
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"task_id": w.cb_task.pk},
                data=_report,
            ),
        ]
    ),
    # A task's money (issue 21): estimates and allocations by managers of the assigning or
    # the lead unit, disbursements by reporters of the lead unit and above.
    **{
        name: Case(
            [
                Target(
                    "Tuyên Quang's task",
                    who,
                    post=who,
                    kwargs=lambda w: {"task_id": w.web.overdue.pk},
                    data=data,
                ),
                Target(
                    "Cao Bằng's task",
                    frozenset({CBM, ADMIN}),
                    post=frozenset({CBM, ADMIN}),
                    kwargs=lambda w: {"task_id": w.cb_task.pk},
                    data=data,
                ),
            ]
        )
        for name, who, data in (
            ("web:budget_estimate", frozenset({TQM, ADMIN}), _budget_estimate),
            ("web:budget_allocation", frozenset({TQM, ADMIN}), _budget_allocation),
            ("web:budget_disbursement", frozenset({TQM, TQR, ADMIN}), _budget_disbursement),
        )
    },
    # "No change since last month" (issue 15, item 14): a POST like the report form's.
    "web:task_report_unchanged": Case(
        [
            Target(
                "Tuyên Quang's reported task",
                NOBODY,
                post=frozenset({TQM, TQR, ADMIN}),
                kwargs=lambda w: {"task_id": w.web.overdue.pk},
                data=lambda w, u: {"idempotency_key": uuid.uuid4().hex},
            ),
            Target(
                "Cao Bằng's reported task",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"task_id": w.cb_task.pk},
                data=lambda w, u: {"idempotency_key": uuid.uuid4().hex},
            ),
        ]
    ),
    "web:task_accept": Case(
        [
            Target(
                "Tuyên Quang's completion",
                NOBODY,
                post=frozenset({TQM, ADMIN}),
                kwargs=lambda w: {"task_id": w.web.awaiting.pk},
                data=lambda w, u: {"note": "Đạt yêu cầu"},
            ),
            Target(
                "Cao Bằng's completion",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"task_id": w.cb_awaiting.pk},
                data=lambda w, u: {"note": "Đạt yêu cầu"},
            ),
        ]
    ),
    "web:task_return": Case(
        [
            Target(
                "Tuyên Quang's completion",
                NOBODY,
                post=frozenset({TQM, ADMIN}),
                kwargs=lambda w: {"task_id": w.web.awaiting.pk},
                data=lambda w, u: {"reason": "Thiếu sản phẩm"},
            ),
            Target(
                "Cao Bằng's completion",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"task_id": w.cb_awaiting.pk},
                data=lambda w, u: {"reason": "Thiếu sản phẩm"},
            ),
        ]
    ),
    "web:extension_new": Case(
        [
            Target(
                "Tuyên Quang's task",
                NOBODY,
                post=frozenset({TQM, TQR, ADMIN}),
                kwargs=lambda w: {"task_id": w.web.on_track.pk},
                data=lambda w, u: {
                    "new_due_on": (w.web.today + timedelta(days=90)).isoformat(),
                    "reason": "Chờ kinh phí",
                },
            ),
            Target(
                "Cao Bằng's task",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"task_id": w.cb_task.pk},
                data=lambda w, u: {
                    "new_due_on": (w.web.today + timedelta(days=90)).isoformat(),
                    "reason": "Chờ kinh phí",
                    "late_reason": "Kinh phí về chậm",  # the task is overdue: a manager's
                },
            ),
        ]
    ),
    "web:extension_decide": Case(
        [
            Target(
                "Tuyên Quang's extension",
                NOBODY,
                post=frozenset({TQM, ADMIN}),
                kwargs=lambda w: {"extension_id": w.tq_extension.pk},
                data=lambda w, u: {"decision": "approve", "note": ""},
            ),
            Target(
                "Cao Bằng's extension",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"extension_id": w.cb_extension.pk},
                data=lambda w, u: {"decision": "approve", "note": ""},
            ),
        ]
    ),
    "web:evidence": Case(
        [
            Target(
                "Tuyên Quang's evidence",
                frozenset({CENTRAL, TQM, TQR, ADMIN}),
                kwargs=lambda w: {"file_id": w.tq_evidence.pk},
                get_effect=_is_file,
            ),
            Target(
                "Cao Bằng's evidence",
                frozenset({CENTRAL, CBM, ADMIN}),
                kwargs=lambda w: {"file_id": w.cb_evidence.pk},
                get_effect=_is_file,
            ),
        ]
    ),
    # --- a steering committee's meetings (issue 16): seen by a role covering the committee
    # (its province's or above), conclusions recorded by the managers there ---------------
    # The list: a role on a committee, a province or a central body (not a department's
    # or a commune's, which cover no committee: meetings.selectors.may_list_meetings).
    # A new meeting (POST) is recorded by a manager of the committee chosen, only.
    "web:meetings": Case(
        [
            Target(
                "a new meeting of Tuyên Quang's committee",
                frozenset({CENTRAL, TQM, CBM, ADMIN}),
                post=frozenset({TQM, ADMIN}),
                data=lambda w, user: {
                    "committee": w.meetings["tq"].committee_id,
                    "number": "9",
                    "held_on": "2025-12-20",
                    "agenda": "Báo cáo",
                },
            ),
            Target(
                "a new meeting of Cao Bằng's committee",
                frozenset({CENTRAL, TQM, CBM, ADMIN}),
                post=frozenset({CBM, ADMIN}),
                data=lambda w, user: {
                    "committee": w.meetings["cb"].committee_id,
                    "number": "9",
                    "held_on": "2025-12-20",
                },
            ),
        ]
    ),
    "web:meeting_held": Case(
        [
            Target(
                "Tuyên Quang's meeting to hold",
                NOBODY,
                post=frozenset({TQM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["tq_draft"].pk},
            ),
            Target(
                "Cao Bằng's meeting to hold",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["cb_draft"].pk},
            ),
        ]
    ),
    "web:meeting": Case(
        [
            Target(
                "Tuyên Quang's meeting",
                frozenset({CENTRAL, TQM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["tq"].pk},
            ),
            Target(
                "Cao Bằng's meeting",
                frozenset({CENTRAL, CBM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["cb"].pk},
            ),
        ]
    ),
    "web:meeting_conclusions": Case(
        [
            Target(
                "Tuyên Quang's meeting",
                frozenset({TQM, ADMIN}),
                post=frozenset({TQM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["tq"].pk},
                data=lambda w, user: {
                    "text": "Giao Sở Tài chính chủ trì xây dựng Kế hoạch trong tháng 11/2025.",
                    "action": "confirm",
                    "keep": "1",
                },
            ),
            Target(
                "Cao Bằng's meeting",
                frozenset({CBM, ADMIN}),
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["cb"].pk},
                data=lambda w, user: {
                    "text": "Giao Sở Khoa học và Công nghệ chủ trì xây dựng Kế hoạch "
                    "trong tháng 11/2025.",
                    "action": "confirm",
                    "keep": "1",
                },
            ),
        ]
    ),
    "web:meeting_notice": Case(
        [
            Target(
                "Tuyên Quang's meeting",
                NOBODY,
                post=frozenset({TQM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["tq"].pk},
                data=lambda w, user: {"symbol": "77-TB/BCĐ", "issued_on": "2025-10-24"},
            ),
            Target(
                "Cao Bằng's meeting",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["cb"].pk},
                data=lambda w, user: {"symbol": "78-TB/BCĐ", "issued_on": "2025-10-24"},
            ),
        ]
    ),
    "web:meeting_agenda_add": Case(
        [
            Target(
                "Tuyên Quang's meeting",
                NOBODY,
                post=frozenset({TQM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["tq"].pk},
                data=lambda w, user: {"title": "Báo cáo của Sở Tài chính"},
            ),
            Target(
                "Cao Bằng's meeting",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["cb"].pk},
                data=lambda w, user: {"title": "Báo cáo của Sở Tài chính"},
            ),
        ]
    ),
    "web:meeting_agenda_document": Case(
        [
            Target(
                "a document on Tuyên Quang's agenda",
                frozenset({CENTRAL, TQM, ADMIN}),
                kwargs=lambda w: {
                    "meeting_id": w.meetings["tq"].pk,
                    "item_id": w.meetings["tq"].agenda.get().pk,
                },
            ),
            Target(
                "a document on Cao Bằng's agenda",
                frozenset({CENTRAL, CBM, ADMIN}),
                kwargs=lambda w: {
                    "meeting_id": w.meetings["cb"].pk,
                    "item_id": w.meetings["cb"].agenda.get().pk,
                },
            ),
        ]
    ),
    "web:meeting_notice_docx": Case(
        [
            Target(
                "Tuyên Quang's notice",
                frozenset({CENTRAL, TQM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["tq"].pk},
            ),
            Target(
                "Cao Bằng's notice",
                frozenset({CENTRAL, CBM, ADMIN}),
                kwargs=lambda w: {"meeting_id": w.meetings["cb"].pk},
            ),
        ]
    ),
    "web:my": Case([Target("own work", SIGNED_IN)]),
    # --- help and the glossary: any signed-in user (issue 15, item 15) -----------------
    "web:help": Case([Target("the help index", SIGNED_IN)]),
    "web:help_role": Case(
        [
            Target(f"help for the {role}", SIGNED_IN, kwargs=lambda w, role=role: {"role": role})
            for role in ("viewer", "reporter", "manager", "administrator")
        ]
    ),
    "web:glossary": Case([Target("the glossary", SIGNED_IN)]),
    # --- the inbox: one's own notices only (issue 17) ----------------------------------
    "web:inbox": Case(
        [
            Target("own notices", SIGNED_IN, kwargs=_reminded({})),
            Target(
                "own unread notices",
                SIGNED_IN,
                kwargs=_reminded({}),
                query=lambda w: {"unread": "on"},
            ),
        ]
    ),
    "web:inbox_read": Case(
        [
            Target(
                "every own notice",
                NOBODY,
                post=SIGNED_IN,
                kwargs=_reminded({}),
                post_effect=lambda r: r.status_code == 302,
            )
        ]
    ),
    "web:inbox_preferences": Case(
        [
            Target(
                "own choices",
                SIGNED_IN,
                post=SIGNED_IN,
                data=lambda w, u: {"kinds": ["overdue"], "digest_weekday": "0", "language": "vi"},
                post_effect=lambda r: r.status_code == 302,
            )
        ]
    ),
    # --- the audit log: administrators of the whole tree only ----------------------------
    "web:audit_log": Case(
        [
            Target("every event", frozenset({ADMIN})),
            Target(
                "task events by a name",
                frozenset({ADMIN}),
                query=lambda w: {"type": "directives.task", "by": "tq", "day_from": "2025-01-01"},
            ),
        ]
    ),
    # --- indicators: a unit's values for whoever may view it; entry for its reporters --
    "web:indicators": Case([Target("the catalogue", SIGNED_IN, kwargs=_catalogue({}))]),
    "web:indicator": Case(
        [
            Target(
                f"{name}'s figure",
                readers,
                kwargs=_catalogue({"code": "PROC_HANDLED"}),
                query=lambda w, code=code: {"unit": code, "period": "2025-09"},
            )
            for name, code, readers in (
                ("Tuyên Quang", "08", frozenset({CENTRAL, TQM, ADMIN})),
                ("Lâm Bình", "02233", frozenset({CENTRAL, TQM, LB, ADMIN})),
                ("Cao Bằng", "04", frozenset({CENTRAL, CBM, ADMIN})),
            )
        ]
    ),
    "web:indicator_entry": Case(
        [
            Target(
                f"{name}'s grid",
                writers,
                post=writers,
                kwargs=_catalogue({}),
                query=lambda w, code=code: {"unit": code, "period": "2025-09"},
                data=lambda w, u: {"v_PROC_HANDLED": "10"},
            )
            for name, code, writers in (
                ("Lâm Bình", "02233", frozenset({TQM, LB, ADMIN})),
                ("Thục Phán", "01234", frozenset({CBM, ADMIN})),
            )
        ]
    ),
    "web:indicator_sheet": Case(
        [
            Target(
                f"{name}'s value sheet",
                writers,
                kwargs=_catalogue({}),
                query=lambda w, code=code: {"unit": code, "period": "2025-09"},
                get_effect=_is_file,
            )
            for name, code, writers in (
                ("Lâm Bình", "02233", frozenset({TQM, LB, ADMIN})),
                ("Thục Phán", "01234", frozenset({CBM, ADMIN})),
            )
        ]
    ),
    "web:indicator_sheet_upload": Case(
        [
            Target(
                "Lâm Bình's filled-in sheet",
                NOBODY,
                post=frozenset({TQM, LB, ADMIN}),
                kwargs=_catalogue({}),
                data=lambda w, u: _value_sheet(w, "02233", "02233"),
            ),
            Target(
                "Thục Phán's filled-in sheet",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                kwargs=_catalogue({}),
                data=lambda w, u: _value_sheet(w, "01234", "01234"),
            ),
            Target(
                "Thục Phán's sheet sent as Lâm Bình's",
                NOBODY,
                post=NOBODY,
                kwargs=_catalogue({}),
                data=lambda w, u: _value_sheet(w, "01234", "02233"),
            ),
        ]
    ),
    # --- composite indices: peers' ranks as for the ranking page; a unit's breakdown for
    # whoever may view it and see its peers --------------------------------------------
    "web:index": Case(
        [
            Target(
                "provinces",
                frozenset({CENTRAL, TQM, CBM, ADMIN}),
                kwargs=_index({"code": "GREENX"}),
                query=lambda w: {"peers": "provinces", "period": "2024"},
            ),
            Target(
                "communes of Tuyên Quang",
                frozenset({CENTRAL, TQM, LB, ADMIN}),
                kwargs=_index({"code": "GREENX"}),
                query=lambda w: {"peers": "communes", "unit": "08", "period": "2024"},
            ),
        ]
    ),
    "web:index_unit": Case(
        [
            Target(
                f"{name}'s breakdown",
                readers,
                kwargs=_index({"code": "GREENX", "unit_code": code}),
                query=lambda w: {"period": "2024"},
            )
            for name, code, readers in (
                ("Tuyên Quang", "08", frozenset({CENTRAL, TQM, ADMIN})),
                ("Cao Bằng", "04", frozenset({CENTRAL, CBM, ADMIN})),
            )
        ]
    ),
    "web:language": Case(
        [
            Target(
                "switch to English",
                NOBODY,
                post=SIGNED_IN,
                data=lambda w, u: {"language": "en", "next": "/"},
                post_effect=lambda r: "django_language" in r.cookies,
            )
        ]
    ),
    # --- personal access tokens (issue 18): one's own; revoked also by an administrator --
    "web:tokens": Case(
        [
            Target(
                "own tokens, creating one",
                SIGNED_IN,
                post=SIGNED_IN,
                data=lambda w, u: {"name": "dashboard", "scopes": ["read"], "expires_days": "30"},
            )
        ]
    ),
    "web:token_revoke": Case(
        [
            Target(
                "a Tuyên Quang reporter's token",
                NOBODY,
                post=frozenset({TQR, TQM, ADMIN}),
                kwargs=_token_of(TQR),
            ),
            Target(
                "Cao Bằng's manager's token",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                kwargs=_token_of(CBM),
            ),
        ]
    ),
    "web:favicon.ico": Case(
        [Target("the icon", SIGNED_IN, get_effect=lambda r: r.status_code == 302)]
    ),
    # --- intake ----------------------------------------------------------------------
    "intake:plan_upload": Case([Target("the upload form", frozenset({TQM, CBM, ADMIN}))]),
    "intake:sheets": Case([Target("the sheets page", SIGNED_IN)]),
    "intake:disbursements": Case([Target("the disbursement sheets page", SIGNED_IN)]),
    "intake:disbursement_export": Case(
        [
            Target(
                "own department",
                frozenset({TQM, TQR, ADMIN}),
                kwargs=lambda w: {"unit_code": "08-SKHCN", "year": 2025},
                get_effect=_is_file,
            ),
            Target(
                "Cao Bằng's department",
                frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"unit_code": "04-SKHCN", "year": 2025},
                get_effect=_is_file,
            ),
        ]
    ),
    "intake:disbursement_commit": Case(
        [
            Target(
                "Tuyên Quang's department's sheet",
                NOBODY,
                post=frozenset({TQM, TQR, ADMIN}),
                data=lambda w, u: _held_disbursements(u, w.web.overdue, w),
            ),
            Target(
                "Cao Bằng's department's sheet",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                data=lambda w, u: _held_disbursements(u, w.cb_task, w),
            ),
            Target(
                "Cao Bằng's sheet sent as Tuyên Quang's",
                NOBODY,
                post=NOBODY,
                data=lambda w, u: _held_disbursements(u, w.cb_task, w, claim="08-SKHCN"),
            ),
        ]
    ),
    "intake:sheet_export": Case(
        [
            Target(
                "own department",
                frozenset({TQM, TQR, ADMIN}),
                kwargs=lambda w: {"unit_code": "08-SKHCN"},
                get_effect=_is_file,
            ),
            Target(
                "Cao Bằng's department",
                frozenset({CBM, ADMIN}),
                kwargs=lambda w: {"unit_code": "04-SKHCN"},
                get_effect=_is_file,
            ),
        ]
    ),
    "intake:plan_commit": Case(
        [
            Target(
                "into Tuyên Quang's programme",
                NOBODY,
                post=frozenset({TQM, ADMIN}),
                data=lambda w, u: _held_plan(u, w.web.programme, w.tree.tuyen_quang),
            ),
            Target(
                "into Cao Bằng's plan",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                data=lambda w, u: _held_plan(u, w.web.cb_plan, w.tree.cao_bang),
            ),
            Target(
                "into the central resolution",
                NOBODY,
                post=frozenset({ADMIN}),
                data=lambda w, u: _held_plan(u, w.web.resolution, w.tree.tuyen_quang),
            ),
        ]
    ),
    "intake:sheet_commit": Case(
        [
            Target(
                "Tuyên Quang's department's sheet",
                NOBODY,
                post=frozenset({TQM, TQR, ADMIN}),
                data=lambda w, u: _held_sheet(u, w.tree.tq_skhcn, w),
            ),
            Target(
                "Cao Bằng's department's sheet",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                data=lambda w, u: _held_sheet(u, w.tree.cb_skhcn, w),
            ),
            Target(
                "Cao Bằng's sheet sent as Tuyên Quang's",
                NOBODY,
                post=NOBODY,
                data=lambda w, u: _held_sheet(u, w.tree.cb_skhcn, w, claim="08-SKHCN"),
            ),
        ]
    ),
    "intake:sheet_rebase": Case(
        [
            Target(
                "Tuyên Quang's department's sheet",
                NOBODY,
                post=frozenset({TQM, TQR, ADMIN}),
                data=lambda w, u: _held_sheet(u, w.tree.tq_skhcn, w),
                post_effect=_is_file,
            ),
            Target(
                "Cao Bằng's department's sheet",
                NOBODY,
                post=frozenset({CBM, ADMIN}),
                data=lambda w, u: _held_sheet(u, w.tree.cb_skhcn, w),
                post_effect=_is_file,
            ),
            Target(
                "a sheet whose hidden unit names Cao Bằng",
                NOBODY,
                post=NOBODY,
                data=lambda w, u: _held_sheet(u, w.tree.tq_skhcn, w, meta_unit="04-SKHCN"),
                post_effect=lambda r: _is_file(r) and CB_SECRET in body_text(r),
            ),
        ]
    ),
    **ACCOUNT_CASES,
    **API_CASES,
    **PERSON_SCORECARD_CASES,
    **OFFICIALS_CASES,
    # --- Django's sign-in pages: public ---------------------------------------------
    **{
        name: Case(public=True)
        for name in (
            "login",
            "logout",
            "password_change",
            "password_change_done",
            "password_reset",
            "password_reset_done",
            "password_reset_confirm",
            "password_reset_complete",
            # steerco's second sign-in step and authenticator enrolment (issue 14)
            "signin:verify",
            "signin:enrol",
            # the health check for load balancers: no data beyond up/down (issue 14)
            "healthz",
        )
    },
}


def _walk(
    patterns: list[Any], namespace: str | None = None, prefix: str = ""
) -> list[tuple[str, str]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _walk(
                pattern.url_patterns, pattern.namespace or namespace, prefix + str(pattern.pattern)
            )
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            # A pattern without a name is known by its route.
            name = pattern.name or route
            key = f"{namespace}:{name}" if namespace else name
            found.append((key, route))
    return found


def url_keys() -> dict[str, str]:
    """Every URL pattern of the project (the admin site's are checked as one group)."""
    return {k: r for k, r in _walk(get_resolver().url_patterns) if not k.startswith("admin:")}


ADMIN_PUBLIC = {"admin:login", "admin:logout"}  # the admin's own sign-in pages


def admin_patterns() -> list[tuple[str, str]]:
    return [
        (k, r)
        for k, r in _walk(get_resolver().url_patterns)
        if k.startswith("admin:") and k not in ADMIN_PUBLIC
    ]


def test_every_url_pattern_has_a_case():
    keys = set(url_keys())
    assert keys - set(CASES) == set(), "URL patterns without a permission case"
    assert set(CASES) - keys == set(), "cases for URL patterns that no longer exist"


# --- the world ---------------------------------------------------------------------


@pytest.fixture
def world(tree, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    web = build_web_data(tree)
    cb_task = Task.objects.get(pk=web.cb_task.pk)
    cb_task.content = CB_SECRET
    cb_task.save(update_fields=["content"])
    accepting = make_directive(
        tree.cao_bang,
        symbol="09-KH/UBND-CB",
        issued_on=web.today - timedelta(days=200),
        requires_acceptance=True,
    )
    cb_awaiting = make_task(
        accepting,
        tree.cb_skhcn,
        due_on=web.today + timedelta(days=20),
        assigned_on=web.today - timedelta(days=200),
    )
    progress_report(task=cb_awaiting, reported_on=web.today - timedelta(days=1), state="completed")
    evidence = {}
    for key, task in (("tq", web.overdue), ("cb", cb_task)):
        pdf = ContentFile(b"%PDF-1.4\n%steerco\n", name=f"{key}.pdf")
        update = progress_report(
            task=task,
            reported_on=web.today,
            state="in_progress",
            percent=30,
            files=[UploadedEvidence(f"{key}.pdf", "application/pdf", pdf.size, pdf)],
        )
        evidence[key] = EvidenceFile.objects.get(update=update)
    # Filed after the deadline, so recorded by a manager saying why (issue 15, item 3).
    tq_extension = extension_request(
        task=web.overdue,
        requested_on=web.today,
        new_due_on=web.today + timedelta(days=60),
        reason="Chờ kinh phí",
        author=people.tq_manager,
        late_reason="Kinh phí về chậm",
    )
    cb_extension = extension_request(
        task=cb_task,
        requested_on=web.today,
        new_due_on=web.today + timedelta(days=60),
        reason="Chờ kinh phí",
        author=people.cb_manager,
        late_reason="Kinh phí về chậm",
    )
    users = {
        CENTRAL: people.central_analyst,
        TQM: people.tq_manager,
        TQR: people.tq_dept_reporter,
        LB: people.commune_reporter,
        CBM: people.cb_manager,
        OUT: people.outsider,
        ADMIN: get_user_model().objects.create_superuser("admin", "admin@example.org", "pw"),
    }
    return World(
        tree,
        web,
        cb_task,
        cb_awaiting,
        tq_extension,
        cb_extension,
        evidence["tq"],
        evidence["cb"],
        users,
        _meetings(tree, people),
    )


def _meetings(tree: Any, people: Any) -> dict[str, Any]:
    """A steering committee under each province, with a meeting held."""
    from django.core.files.base import ContentFile

    from steerco.meetings.services import (
        ConclusionDraft,
        agenda_item_add,
        conclusions_record,
        meeting_create,
        meeting_hold,
    )
    from steerco.units.models import UnitKind
    from steerco.units.services import unit_create

    meetings = {}
    for key, province, manager in (
        ("tq", tree.tuyen_quang, people.tq_manager),
        ("cb", tree.cao_bang, people.cb_manager),
    ):
        committee = unit_create(
            code=f"{province.code}-BCD",
            name=f"Ban Chỉ đạo tỉnh {province.name}",
            kind=UnitKind.COMMITTEE,
            parent=province,
        )
        meeting = meeting_create(
            user=manager, committee=committee, number=1, held_on=date(2025, 10, 20)
        )
        agenda_item_add(
            user=manager,
            meeting=meeting,
            title="Báo cáo tiến độ",
            document=ContentFile(b"%PDF-1.4 bao cao", name="bao-cao.pdf"),
            document_name="bao-cao.pdf",
        )
        meetings[key] = meeting_hold(user=manager, meeting=meeting)
        meetings[f"{key}_draft"] = meeting_create(
            user=manager, committee=committee, number=2, held_on=date(2025, 12, 20)
        )
        lead = tree.tq_stc if key == "tq" else tree.cb_skhcn
        conclusions_record(
            user=manager,
            meeting=meeting,
            drafts=[
                ConclusionDraft(kind="assignment", text="Giao sở xây dựng kế hoạch.", lead=lead)
            ],
        )
    return meetings


def fingerprint() -> tuple[Any, ...]:
    """What a refused request must leave untouched."""
    return (
        list(Directive.objects.order_by("pk").values_list()),
        list(Task.objects.order_by("pk").values_list()),
        list(ProgressUpdate.objects.order_by("pk").values_list("pk")),
        list(Extension.objects.order_by("pk").values_list("pk", "decision__status", "new_due_on")),
        list(EvidenceFile.objects.order_by("pk").values_list("pk")),
        list(Membership.objects.order_by("pk").values_list()),
        list(IndicatorValue.objects.order_by("pk").values_list("pk")),
        _accounts_fingerprint(),
        list(Conclusion.objects.order_by("pk").values_list("pk", "meeting_id", "text")),
        list(Meeting.objects.order_by("pk").values_list("pk", "status")),
        list(AgendaItem.objects.order_by("pk").values_list("pk")),
        list(Estimate.objects.order_by("pk").values_list("pk")),
        # An allocation is told by its planned months (the disbursement sheet's cases
        # create a bare allocation before the request, to have a row to pay).
        list(PlannedDisbursement.objects.order_by("pk").values_list("pk")),
        list(Disbursement.objects.order_by("pk").values_list("pk")),
        _people_fingerprint(),
    )


def _people_fingerprint() -> list[Any]:
    """Officials and the responsibility history (issue 21)."""
    from steerco.directives.models import Responsibility
    from steerco.people.models import Person

    return [
        list(Person.objects.order_by("pk").values_list()),
        list(Responsibility.objects.order_by("pk").values_list("pk")),
    ]


def _accounts_fingerprint() -> list[Any]:
    """Accounts, their one-time links, authenticators and access tokens."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from steerco.accounts.models import AccessToken, OneTimeLink

    return [
        list(
            get_user_model()
            .objects.order_by("pk")
            .values_list("pk", "is_active", "password", "first_name", "email")
        ),
        list(OneTimeLink.objects.order_by("pk").values_list("pk", "used_at", "ended_at")),
        list(TOTPDevice.objects.order_by("pk").values_list("pk")),
        list(AccessToken.objects.order_by("pk").values_list("pk", "revoked_at")),
    ]


def body_text(response: Any) -> str:
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    if raw.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                return " ".join(
                    archive.read(n).decode("utf-8", "replace")
                    for n in archive.namelist()
                    if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            pass
    return raw.decode("utf-8", "replace")


def _request(
    client: Client, method: str, url: str, query: dict[str, Any], data: dict[str, Any]
) -> Any:
    if method == "GET":
        return client.get(url, query)
    if query:
        url = f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
    if url.startswith("/api/"):  # the API takes JSON
        return client.post(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("key", sorted(CASES))
def test_who_may_use_each_url(key, world):
    case = CASES[key]
    route = url_keys()[key]
    failures: list[str] = []
    for persona in PERSONAS:
        client = Client()
        client.force_login(world.users[persona])
        if case.public:
            for method in ("GET", "POST"):
                url = _url(
                    key, route, {"uidb64": "MQ", "token": "set-password"} if "<" in route else {}
                )
                response = _request(client, method, url, {}, {})
                if response.status_code >= 500:
                    failures.append(f"{persona} {method} {url}: {response.status_code}")
            continue
        for target in case.targets:
            url = _url(key, route, target.kwargs(world))
            for method in ("GET", "POST"):
                allowed = target.get if method == "GET" else (target.post or NOBODY)
                with transaction.atomic():
                    before = fingerprint()
                    data = target.data(world, world.users[persona]) if method == "POST" else {}
                    response = _request(client, method, url, target.query(world), data)
                    after = fingerprint()
                    transaction.set_rollback(True)
                where = f"{persona} {method} {url} ({target.label})"
                if response.status_code >= 500:
                    failures.append(f"{where}: {response.status_code}")
                    continue
                if method == "GET":
                    took_effect = target.get_effect(response)
                elif target.post_effect is not None:
                    took_effect = target.post_effect(response)
                else:
                    took_effect = before != after
                if method == "POST" and persona not in allowed and before != after:
                    failures.append(f"{where}: refused but wrote to the database")
                if took_effect != (persona in allowed):
                    expected = "allowed" if persona in allowed else "refused"
                    failures.append(f"{where}: expected {expected}, got {response.status_code}")
                if response.status_code == 200:
                    text = body_text(response)
                    for secret, readers in SECRETS.items():
                        if persona not in readers and secret in text:
                            failures.append(f"{where}: shows {secret!r}")
    assert not failures, "\n".join(failures)


def _url(key: str, route: str, kwargs: dict[str, Any]) -> str:
    if key.endswith(":" + route):  # a pattern without a name
        return "/" + route
    return reverse(key, kwargs=kwargs or None)


ADMIN_KWARGS = {
    "object_id": "1",
    "app_label": "units",
    "content_type_id": "1",
    "url": "x",
    "id": "1",
}


def test_the_admin_site_is_for_the_superuser_only(world):
    """Django's admin site is staff-only: every one of its pages sends a persona without
    staff status to the sign-in page, and refuses their POSTs without writing."""
    failures = []
    for key, route in admin_patterns():
        kwargs = {k: v for k, v in ADMIN_KWARGS.items() if f"<{k}>" in route or f":{k}>" in route}
        if key.endswith(":" + route):  # unnamed: the admin's redirects and its catch-all
            url = "/" + re.sub(r"<[^>]+>", "1", route.replace("(?P<url>.*)$", "x"))
        else:
            url = reverse(key, kwargs=kwargs or None)
        for persona in (CENTRAL, TQM, CBM, OUT):
            client = Client()
            client.force_login(world.users[persona])
            for method in ("GET", "POST"):
                with transaction.atomic():
                    before = fingerprint()
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    after = fingerprint()
                    transaction.set_rollback(True)
                if response.status_code not in (302, 404) or before != after:
                    failures.append(f"{persona} {method} {url}: {response.status_code}")
        response = Client()
        response.force_login(world.users[ADMIN])
        if response.get(url).status_code >= 500:
            failures.append(f"admin GET {url}: 500")
    assert admin_patterns(), "the admin site has no URL patterns"
    assert not failures, "\n".join(failures)
