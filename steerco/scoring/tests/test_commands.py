"""The CLI prints the figures people quote, and refuses bad arguments in one clear line."""

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from steerco.progress.services import progress_report
from tests.factories import make_directive, make_task


def _at(day: date) -> datetime:
    """9:00 in Hà Nội on `day`: the history here was reported on the days it speaks for."""
    return datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan(tree):
    plan = make_directive(tree.committee, symbol="02-KH/BCĐTW")
    done = make_task(plan, tree.tq_skhcn, due_on=date(2025, 6, 30))
    progress_report(
        task=done,
        reported_on=date(2025, 6, 20),
        state="completed",
        recorded_at=_at(date(2025, 6, 20)),
    )
    make_task(plan, tree.tq_stc, due_on=date(2025, 12, 31))
    make_task(plan, tree.cb_skhcn, due_on=date(2025, 6, 30))
    return plan


def test_scorecard_json_has_every_figure_and_the_sentence(plan):
    data = json.loads(
        run(
            "scorecard",
            "--unit",
            "08",
            "--as-of",
            "2025-10-20",
            "--directive",
            "02-KH/BCĐTW",
            "--json",
        )
    )
    assert {k: data[k] for k in ("total", "completed", "done_on_time", "on_track", "overdue")} == {
        "total": 2,
        "completed": 1,
        "done_on_time": 1,
        "on_track": 1,
        "overdue": 0,
    }
    assert data["completion_rate"] == 0.5
    assert data["completed_without_evidence"] == 1  # completed with no product, link or file
    assert data["due_completion_rate"] == 1.0
    assert "Tổng số 2 nhiệm vụ theo 02-KH/BCĐTW" in data["sentence"]


def test_scorecard_accepts_an_exact_unit_name_and_speaks_english(plan):
    data = json.loads(
        run("scorecard", "--unit", "Tuyên Quang", "--as-of", "2025-10-20", "--json", "--lang", "en")
    )
    assert data["code"] == "08"
    assert data["sentence"].startswith("Of the 2 tasks, 1 is completed")


def test_scorecard_with_a_previous_date_states_the_change(plan, tree):
    make_task(plan, tree.tq_skhcn, due_on=date(2025, 12, 31), assigned_on=date(2025, 10, 1))
    data = json.loads(
        run(
            "scorecard",
            "--unit",
            "08",
            "--as-of",
            "2025-10-20",
            "--previous",
            "2025-09-14",
            "--json",
            "--lang",
            "en",
        )
    )
    assert "(1 more task than in the previous reporting period)" in data["sentence"]
    assert data["previous"]["total"] == 2


def test_ranking_json_lists_rank_unit_code_value_and_change(plan):
    rows = json.loads(
        run(
            "ranking",
            "--peers",
            "provinces",
            "--as-of",
            "2025-10-20",
            "--previous",
            "2025-06-01",
            "--json",
            "--by",
            "completion_rate",
        )
    )
    assert [(r["code"], r["rank"], r["value"]) for r in rows] == [("08", 1, 0.5), ("04", 2, 0.0)]
    assert set(rows[0]) >= {"rank", "unit", "code", "value", "previous_rank", "change"}


def test_ranking_of_the_departments_of_a_province(plan):
    rows = json.loads(
        run("ranking", "--peers", "departments-of:08", "--as-of", "2025-10-20", "--json")
    )
    assert [r["code"] for r in rows] == ["08-SKHCN", "08-STC"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("scorecard", "--unit", "99", "--as-of", "2025-10-20"), "--unit: unknown unit '99'"),
        (
            ("scorecard", "--unit", "08", "--as-of", "20/10/2025"),
            "--as-of: '20/10/2025' is not a date; expected YYYY-MM-DD",
        ),
        (
            ("scorecard", "--unit", "08", "--as-of", "2025-10-20", "--directive", "99-NQ/TW"),
            "--directive: unknown directive '99-NQ/TW'",
        ),
        (
            ("scorecard", "--unit", "08", "--as-of", "2025-10-20", "--lang", "fr"),
            "--lang: 'fr' is not a language",
        ),
        (
            ("scorecard", "--unit", "08", "--as-of", "2025-10-20", "--previous", "2025-11-01"),
            "--previous: must be before --as-of",
        ),
        (
            ("ranking", "--peers", "planets", "--as-of", "2025-10-20"),
            "--peers: unknown peer set 'planets'",
        ),
        (
            ("ranking", "--peers", "communes-of:Atlantis", "--as-of", "2025-10-20"),
            "--peers: unknown unit 'Atlantis'",
        ),
        (
            ("ranking", "--peers", "provinces", "--as-of", "2025-13-01"),
            "--as-of: '2025-13-01' is not a date",
        ),
        (
            ("ranking", "--peers", "provinces", "--as-of", "2025-10-20", "--by", "luck"),
            "--by: unknown measure 'luck'",
        ),
        (("period", "close", "2025-Q7"), "period: '2025-Q7' is not a period"),
    ],
)
def test_bad_arguments_exit_with_one_line_naming_the_argument(plan, args, message):
    # Service messages follow the active language (Vietnamese by default, now translated).
    with translation.override("en"), pytest.raises(CommandError) as err:
        run(*args)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


def test_period_close_freezes_the_snapshot(plan):
    assert "snapshot rows" in run("period", "close", "2025-Q3")
