"""The report content: figures, sentences, lists — the one structure every format renders."""

from __future__ import annotations

from datetime import date

import pytest

from steerco.directives.models import Task
from steerco.reports.build import ReportError, build_report
from tests.factories import make_task

from .conftest import AS_OF, PREVIOUS, _at


def _report(meeting, **kw):
    kw.setdefault("previous_on", PREVIOUS)
    return build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, **kw)


def test_totals_and_previous_totals_come_from_the_scorecard(meeting):
    c = _report(meeting)
    assert (c.totals.total, c.totals.completed, c.totals.on_track, c.totals.overdue) == (6, 3, 2, 1)
    assert c.previous_totals is not None and c.previous_totals.total == 5


def test_each_directive_has_its_counts_its_change_and_a_vietnamese_sentence(meeting):
    c = _report(meeting)
    plan, resolution = c.directives
    assert plan.symbol == "02-KH/BCĐTW" and plan.name == "Kế hoạch số 02-KH/BCĐTW"
    assert (plan.counts.total, plan.counts.completed, plan.total_change) == (4, 2, 1)
    assert plan.sentence == (
        "Đối với 4 nhiệm vụ theo Kế hoạch số 02-KH/BCĐTW (tăng 1 nhiệm vụ so với kỳ báo cáo trước): "
        "đã hoàn thành 2 nhiệm vụ (1 đúng hạn, 1 chậm so với thời hạn), đang thực hiện trong hạn "
        "1 nhiệm vụ, quá hạn chưa hoàn thành 1 nhiệm vụ."
    )
    assert resolution.completed_change == 1
    assert (
        "đã hoàn thành 1 nhiệm vụ (tăng 1 nhiệm vụ so với kỳ báo cáo trước)" in resolution.sentence
    )
    assert c.summary[1:] == [plan.sentence, resolution.sentence]


def test_english_sentences_say_how_many_more_tasks_and_more_completed(meeting):
    c = _report(meeting, lang="en")
    plan, resolution = c.directives
    assert plan.sentence.startswith(
        "Of the 4 tasks under Plan 02-KH/BCĐTW (1 more task than the previous reporting period), "
        "2 are completed (1 on time, 1 late)"
    )
    assert (
        "1 is completed (1 more completed) and 1 is in progress within the deadline"
        in resolution.sentence
    )
    assert c.heading.title == "REPORT"
    assert c.heading.place_date == "Tuyên Quang, 20 October 2025"


def test_one_directive_scope_reports_only_that_directive(meeting):
    c = _report(meeting, directive=meeting.plan)
    assert [d.symbol for d in c.directives] == ["02-KH/BCĐTW"]
    assert c.summary == [c.directives[0].sentence]
    assert c.totals.total == 4
    assert {t.directive for t in c.tasks} == {"02-KH/BCĐTW"}
    assert "Kế hoạch số 02-KH/BCĐTW" in c.heading.subject


def test_directive_with_those_implementing_it(meeting, tree):
    from tests.factories import make_directive

    programme = make_directive(
        tree.tuyen_quang, symbol="15-CTr/TU", kind="programme", implements=meeting.plan
    )
    make_task(programme, tree.tq_skhcn, due_on=date(2025, 12, 31))
    c = _report(meeting, directive=meeting.plan, with_implementing=True)
    assert [d.symbol for d in c.directives] == ["02-KH/BCĐTW", "15-CTr/TU"]
    assert c.totals.total == 5
    assert c.summary[0].startswith("Tổng số 5 nhiệm vụ")


def test_by_unit_table_names_the_units_holding_overdue_tasks(meeting):
    c = _report(meeting)
    rows = {u.code: u for u in c.units}
    assert rows["08-STC"].counts.overdue == 1
    assert rows["08"].is_self and rows["08"].counts.total == 1  # the province leads t5 itself
    assert sum(u.counts.total for u in c.units) == c.totals.total
    assert "04-SKHCN" not in rows  # Cao Bằng is not in the subtree


def test_overdue_list_has_lead_unit_person_deadline_days_late_and_latest_obstacles(meeting):
    (row,) = _report(meeting).overdue
    assert row.lead_unit == "Sở Tài chính"
    assert row.responsible_person == "Trần Thị Bình"
    assert row.due_on == date(2025, 8, 31)
    assert row.days_late == 50
    assert row.latest_obstacles == "Chưa bố trí được kinh phí năm 2025"
    assert row.colour == "red"


def test_obstacles_and_proposals_of_the_period_grouped_by_unit(meeting):
    c = _report(meeting)
    assert c.feedback_from == date(2025, 9, 15)
    (group,) = c.feedback
    assert group.unit == "Sở Tài chính"
    assert group.items[0].proposals == "Đề nghị Ủy ban nhân dân tỉnh bổ sung dự toán"


def test_obstacles_before_the_period_are_left_out(meeting):
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, previous_on=date(2025, 10, 15))
    assert c.feedback == []


def test_rank_among_peer_provinces_and_its_change(meeting):
    r = _report(meeting).ranking
    assert r is not None
    assert (r.rank, r.peers, r.change) == (2, 2, 0)
    assert r.sentence == (
        "Tỉnh Tuyên Quang xếp thứ 2/2 theo tỷ lệ đạt tiêu chí XANH (33,3%), "
        "giữ nguyên thứ hạng so với kỳ báo cáo trước."
    )
    assert [row.code for row in r.rows] == ["04", "08"]


def test_tasks_that_are_not_five_clear_name_what_they_lack(meeting):
    c = _report(meeting)
    (row,) = c.not_five_clear
    assert row.id == meeting.unclear.pk and row.missing_clears == ["person"]
    assert c.five_clear_rate == round(5 / 6, 4)


def test_a_task_lacks_the_same_clears_in_the_report_as_on_its_own_record(meeting, settings):
    settings.STEERCO_CLEARS = ["person", "task", "time", "responsibility", "product", "authority"]
    tq = meeting.tree.tuyen_quang
    make_task(meeting.plan, tq, reference="5", expected_product=" ", authority="UBND tỉnh")
    make_task(meeting.plan, tq, reference="6", recurring=True, cadence="month")
    make_task(meeting.plan, tq, reference="7", due_on=None, responsible_person="")
    c = _report(meeting)
    tasks = Task.objects.in_bulk([row.id for row in c.tasks])
    assert len(tasks) == 9
    for row in c.tasks:
        assert row.missing_clears == tasks[row.id].missing_clears(), row.reference
    by_reference = {(r.directive, r.reference): r.missing_clears for r in c.tasks}
    assert by_reference["02-KH/BCĐTW", "5"] == ["product"]
    assert by_reference["02-KH/BCĐTW", "7"] == ["person", "time", "authority"]


def test_the_heading_follows_decree_30_or_guidance_36(meeting):
    state = _report(meeting).heading
    assert (state.issuer_parent, state.issuer) == ("UBND TỈNH TUYÊN QUANG", "BAN CHỈ ĐẠO")
    assert state.motto == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert state.number.startswith("Số:") and state.number.endswith("/BC-BCĐ")
    assert state.place_date == "Tuyên Quang, ngày 20 tháng 10 năm 2025"
    party = _report(meeting, layout="party").heading
    assert (party.issuer_parent, party.issuer) == ("TỈNH ỦY TUYÊN QUANG", "BAN CHỈ ĐẠO")
    assert party.motto == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert party.number.startswith("Số ") and party.number.endswith("-BC/BCĐ")


def test_a_commune_report_is_issued_by_the_commune(meeting):
    c = build_report(unit=meeting.tree.lam_binh, as_of=AS_OF)
    assert c.heading.issuer_parent == "UBND XÃ LÂM BÌNH"
    assert c.heading.place_date.startswith("Lâm Bình, ngày 20")
    assert c.totals.total == 1


def test_json_form_has_every_figure_with_iso_dates(meeting):
    data = _report(meeting).as_dict()
    assert data["as_of"] == "2025-10-20"
    assert data["directives"][0]["counts"]["total"] == 4
    assert data["overdue"][0]["days_late"] == 50
    assert data["not_five_clear"][0]["missing_clears"] == ["person"]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"lang": "fr"}, "lang"),
        ({"layout": "royal"}, "layout"),
        ({"previous_on": AS_OF}, "previous"),
    ],
)
def test_bad_requests_name_the_argument(meeting, kw, field):
    with pytest.raises(ReportError) as err:
        _report(meeting, **kw)
    assert err.value.field == field


def test_queries_do_not_grow_with_the_number_of_tasks(meeting, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        _report(meeting)
    for i in range(30):
        task = make_task(
            meeting.plan,
            meeting.tree.tq_stc,
            reference=f"9.{i}",
            due_on=date(2025, 9, 1),
            responsible_person="",
        )
        from steerco.progress.services import progress_report

        progress_report(
            task=task,
            reported_on=date(2025, 10, 1),
            state="in_progress",
            obstacles="Thiếu người",
            recorded_at=_at(date(2025, 10, 1)),
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        c = _report(meeting)
    assert c.totals.overdue == 31


def test_a_closed_period_freezes_the_counts_and_the_report_says_so(meeting):
    from steerco.lib.periods import Period, PeriodKind
    from steerco.scoring.services import period_close

    record = period_close(period=Period(PeriodKind.MONTH, 2025, 9))
    live = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF)
    assert not live.frozen_counts
    frozen = build_report(unit=meeting.tree.tuyen_quang, as_of=record.ends_on)
    assert frozen.frozen_counts and frozen.totals.total == 5
    from steerco.reports.labels import Words
    from steerco.reports.tables import outline

    notes = [b.text for b in outline(frozen, Words("vi"))[0].blocks if b.kind == "note"]
    assert notes == [Words("vi")["frozen"]]
