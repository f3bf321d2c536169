import calendar
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from steerco.intake.deadlines import Deadline, DeadlineError, parse_deadline

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@pytest.mark.parametrize(
    ("text", "due_on"),
    [
        ("Quý II/2025", date(2025, 6, 30)),
        ("quý 3 năm 2025", date(2025, 9, 30)),
        ("Quy III nam 2025", date(2025, 9, 30)),
        ("Tháng 6/2025", date(2025, 6, 30)),
        ("tháng 12 năm 2025", date(2025, 12, 31)),
        ("thang 2 nam 2028", date(2028, 2, 29)),
        ("6/2025", date(2025, 6, 30)),
        ("T6/2025", date(2025, 6, 30)),
        ("30/6/2025", date(2025, 6, 30)),
        ("30-06-2025", date(2025, 6, 30)),
        ("trước ngày 30/6/2025", date(2025, 6, 30)),
        ("truoc ngay 30/6/2025", date(2025, 6, 30)),
        ("Chậm nhất ngày 15/9/2025", date(2025, 9, 15)),
        ("ngày 15 tháng 10 năm 2025", date(2025, 10, 15)),
        ("Năm 2025", date(2025, 12, 31)),
        ("Trong năm 2025", date(2025, 12, 31)),
        ("Cuối năm 2025", date(2025, 12, 31)),
        ("2025-2026", date(2026, 12, 31)),
        ("Giai đoạn 2026 – 2030", date(2030, 12, 31)),
        ("6 tháng đầu năm 2025", date(2025, 6, 30)),
        ("9 tháng đầu năm 2025", date(2025, 9, 30)),
        ("6 tháng cuối năm 2025", date(2025, 12, 31)),
        ("Quý I-II/2026", date(2026, 6, 30)),
        ("Hoàn thành trong Quý II năm 2025 (ban hành kế hoạch)", date(2025, 6, 30)),
        ("Q2 2025", date(2025, 6, 30)),
        ("Q4/2025", date(2025, 12, 31)),
        ("2025-Q3", date(2025, 9, 30)),
        ("by end of 2025", date(2025, 12, 31)),
        ("by the end of Q3 2025", date(2025, 9, 30)),
        ("June 2025", date(2025, 6, 30)),
        ("30 June 2025", date(2025, 6, 30)),
        ("June 30, 2025", date(2025, 6, 30)),
        ("2025-06-30", date(2025, 6, 30)),
        ("first half of 2026", date(2026, 6, 30)),
        ("H2 2025", date(2025, 12, 31)),
        ("second quarter of 2025", date(2025, 6, 30)),
    ],
)
def test_written_deadline_means_the_last_day_of_its_period(text, due_on):
    assert parse_deadline(text) == Deadline(text, due_on, False, None)


@pytest.mark.parametrize(
    ("text", "cadence"),
    [
        ("Thường xuyên", None),
        ("thuong xuyen", None),
        ("Thường xuyên, báo cáo hằng quý", "quarter"),
        ("Hằng năm", "year"),
        ("Hàng năm", "year"),
        ("Định kỳ hằng quý", "quarter"),
        ("Hằng tháng", "month"),
        ("Định kỳ 6 tháng", "half_year"),
        ("6 tháng/lần", "half_year"),
        ("2025 và các năm tiếp theo", "year"),
        ("Quarterly", "quarter"),
        ("ongoing", None),
    ],
)
def test_recurring_deadline_keeps_its_cadence_and_has_no_date(text, cadence):
    assert parse_deadline(text) == Deadline(text, None, True, cadence)


def test_bare_quarter_takes_the_plan_year():
    assert parse_deadline("Quý IV", year=2025).due_on == date(2025, 12, 31)
    assert parse_deadline("Tháng 6", year=2026).due_on == date(2026, 6, 30)
    assert parse_deadline("30/6", year=2026).due_on == date(2026, 6, 30)


def test_bare_quarter_without_the_plan_year_is_an_error():
    with pytest.raises(DeadlineError, match="names no year"):
        parse_deadline("Quý IV")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hôm qua",
        "Q5 2025",
        "Quý V/2025",
        "31/2/2025",
        "Tháng 13/2025",
        "30/6/25",
        "Đầu quý III/2025",
        "Quý II/2025; Quý IV/2025",
        "2026-2025",
        "Năm 20255",
        "x" * 300,
        "sớm nhất có thể",
    ],
)
def test_unreadable_deadline_is_an_error_never_a_guess(text):
    with pytest.raises(DeadlineError):
        parse_deadline(text)


def test_original_text_is_kept():
    assert parse_deadline("  Quý II/2025 ").text == "Quý II/2025"


years = st.integers(min_value=1990, max_value=2100)


@given(
    quarter=st.integers(1, 4),
    year=years,
    roman=st.booleans(),
    word=st.sampled_from(["Quý", "quý", "Quy", "QUÝ"]),
    sep=st.sampled_from(["/", " năm ", "-", " "]),
)
def test_every_quarter_round_trips_to_its_last_day(quarter, year, roman, word, sep):
    number = ROMAN[quarter] if roman else str(quarter)
    assert parse_deadline(f"{word} {number}{sep}{year}").due_on == last_day(year, 3 * quarter)


@given(
    month=st.integers(1, 12),
    year=years,
    word=st.sampled_from(["Tháng ", "tháng ", "Thang ", ""]),
    sep=st.sampled_from(["/", " năm "]),
)
def test_every_month_round_trips_to_its_last_day(month, year, word, sep):
    if not word and sep != "/":
        sep = "/"
    assert parse_deadline(f"{word}{month}{sep}{year}").due_on == last_day(year, month)


@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    pad=st.booleans(),
    prefix=st.sampled_from(["", "trước ngày ", "Ngày ", "before "]),
)
def test_every_day_round_trips(day, pad, prefix):
    text = (
        f"{day.day:02d}/{day.month:02d}/{day.year}" if pad else f"{day.day}/{day.month}/{day.year}"
    )
    assert parse_deadline(prefix + text).due_on == day


@given(year=years, word=st.sampled_from(["Năm ", "năm ", "Nam ", "", "by end of ", "Cuối năm "]))
def test_every_year_round_trips_to_its_last_day(year, word):
    assert parse_deadline(f"{word}{year}").due_on == date(year, 12, 31)


@given(text=st.text(max_size=80), year=st.one_of(st.none(), years))
def test_arbitrary_text_raises_nothing_but_deadline_error(text, year):
    try:
        result = parse_deadline(text, year=year)
    except DeadlineError:
        return
    assert result.recurring or result.due_on is not None
    assert result.text == text.strip()


@given(text=st.from_regex(r"[QqTt0-9/ .\-IVivquýyáthngămnđầucối]{1,20}", fullmatch=True))
def test_deadline_like_noise_raises_nothing_but_deadline_error(text):
    try:
        parse_deadline(text, year=2025)
    except DeadlineError:
        pass


def test_command_prints_json(capsys):
    call_command("deadline", "Quý IV", "--year", "2025")
    assert json.loads(capsys.readouterr().out) == {
        "text": "Quý IV",
        "due_on": "2025-12-31",
        "recurring": False,
        "cadence": None,
    }


def test_command_prints_recurring_json(capsys):
    call_command("deadline", "Định kỳ hằng quý")
    assert json.loads(capsys.readouterr().out) == {
        "text": "Định kỳ hằng quý",
        "due_on": None,
        "recurring": True,
        "cadence": "quarter",
    }


def test_command_refuses_unreadable_text():
    with pytest.raises(CommandError, match="cannot read"):
        call_command("deadline", "hôm qua")
