import json
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.factories import make_directive, make_task, small_tree

from .rows import allocate, disburse, estimate

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("budget", "summary", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def province():
    tree = small_tree()
    d = make_directive(tree.tuyen_quang, symbol="12-CTr/TU")
    slow, fast = make_task(d, tree.tq_stc), make_task(d, tree.tq_skhcn)
    with time_machine.travel(date(2025, 1, 20)):  # estimates count once recorded
        estimate(slow, 2_000_000_000_000)
        estimate(fast, 1_312_000_000_000, source="central")
    allocate(slow, 1_000_000_000_000)
    allocate(fast, 1_100_000_000_000, source="central")
    disburse(slow, 100_000_000_000, on=date(2025, 5, 1))
    disburse(fast, 740_000_000_000, on=date(2025, 5, 1), source="central")
    return tree


def test_the_summary_says_the_totals_as_a_meeting_hears_them(province) -> None:
    out = _run("--unit", "08", "--year", "2025", "--as-of", "2025-06-30")
    assert (
        "Tổng kinh phí dự toán 3.312 tỷ đồng, đã phân bổ 2.100 tỷ đồng, giải ngân 840 tỷ đồng, "
        "đạt 40,0%." in out
    )
    assert (
        "Các đơn vị giải ngân chậm nhất: Sở Tài chính (10,0%), Sở Khoa học và Công nghệ (67,3%)."
        in out
    )


def test_the_json_carries_integer_amounts_and_english_sentences(province) -> None:
    data = json.loads(
        _run("--unit", "08", "--year", "2025", "--as-of", "2025-06-30", "--json", "--lang", "en")
    )
    assert data["allocated"] == 2_100_000_000_000 and data["disbursed"] == 840_000_000_000
    assert data["rate_percent"] == 40.0
    assert [s["key"] for s in data["by_source"]] == ["central", "provincial"]
    assert [u["key"] for u in data["slowest"]] == ["08-STC", "08-SKHCN"]
    assert data["sentence"].startswith("Estimated budget 3,312 billion VND")


def test_a_bad_year_is_named(province) -> None:
    with pytest.raises(CommandError, match="--year"):
        _run("--unit", "08", "--year", "twenty")
