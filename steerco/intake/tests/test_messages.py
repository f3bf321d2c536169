"""Problems are worded in the user's language (Vietnamese by default)."""

from datetime import date

import pytest
from django.utils import translation

from steerco.intake.deadlines import DeadlineError, parse_deadline
from steerco.intake.messages import deadline_message
from steerco.intake.plans import plan_import
from tests.factories import make_directive

from . import builders


def test_deadline_problem_in_vietnamese():
    with pytest.raises(DeadlineError) as info:
        parse_deadline("sớm nhất có thể")
    with translation.override("vi"):
        assert deadline_message(info.value).startswith("không đọc được thời hạn “sớm nhất có thể”")
    with translation.override("en"):
        assert deadline_message(info.value).startswith("cannot read “sớm nhất có thể”")


def test_import_problems_in_vietnamese(tq):
    plan = make_directive(tq.tuyen_quang, symbol="02-KH/UBND", issued_on=date(2025, 3, 1))
    rows = [list(r) for r in builders.plan_rows()]
    rows[7][2] = "Sở Thông tin và Truyền thông"
    with translation.override("vi"):
        result = plan_import(
            directive=plan, within=tq.tuyen_quang, name="kh.xlsx", data=builders.xlsx_bytes(rows)
        )
    assert result.rejected[0].message.startswith(
        "Cơ quan chủ trì: không rõ đơn vị “Sở Thông tin và Truyền thông”"
    )
    assert any("nằm ngoài cây tổ chức" in w.message for w in result.warnings)
