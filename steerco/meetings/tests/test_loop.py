"""The meeting loop (issue 16): a meeting recorded, its conclusions read from the notice
and confirmed, the notice issued as a directive whose tasks are the assignments, and the
next meeting's pack reporting how they stand, by class, naming the overdue ones."""

from datetime import date

import pytest

from steerco.directives.models import DirectiveKind, Task
from steerco.meetings.models import ConclusionKind, MeetingStatus
from steerco.meetings.pack import notices_of, report_of
from steerco.meetings.services import (
    ConclusionDraft,
    MeetingError,
    conclusions_propose,
    conclusions_record,
    meeting_create,
    meeting_hold,
    notice_publish,
)
from steerco.progress.services import progress_report
from steerco.units.models import Unit
from tests.factories import make_directive

from .conftest import NOTICE, confirmed


@pytest.mark.django_db
def test_the_notice_read_confirmed_and_issued_becomes_tasks_with_the_five_clears(
    third_meeting, people, time_machine
):
    time_machine.move_to(date(2025, 10, 24))
    meeting_hold(user=people.tq_manager, meeting=third_meeting)
    drafts = conclusions_propose(
        user=people.tq_manager, meeting=third_meeting, text=NOTICE.read_text("utf-8")
    )
    assert len(drafts) >= 14
    assert any(d.problems for d in drafts)  # flagged for review, nothing written yet
    assert not third_meeting.conclusions.exists()

    first = drafts[0]
    assert first.lead.code == "08-SKHCN"
    assert {u.code for u in first.coordinating} == {"08-SNV", "08-SGDDT"}
    assert first.due_on == date(2025, 11, 30)

    recorded = conclusions_record(
        user=people.tq_manager, meeting=third_meeting, drafts=confirmed(drafts)
    )
    assignments = [c for c in recorded if c.kind == ConclusionKind.ASSIGNMENT]
    notice = notice_publish(
        user=people.tq_manager,
        meeting=third_meeting,
        symbol="05-TB/BCĐ",
        issued_on=date(2025, 10, 24),
    )
    third_meeting.refresh_from_db()
    assert third_meeting.status == MeetingStatus.NOTICE_ISSUED
    assert notice.kind == DirectiveKind.NOTICE and notice.issuer.code == "08-BCD"
    assert notice.implements.symbol == "01-KH/BCĐ"
    tasks = list(Task.objects.filter(directive=notice).order_by("pk"))
    assert len(tasks) == len(assignments)
    task = tasks[0]
    assert task.reference == "2"  # the statement is conclusion 1
    assert task.lead_unit.code == "08-SKHCN"
    assert {u.code for u in task.coordinating_units.all()} == {"08-SNV", "08-SGDDT"}
    assert task.original_due_on == date(2025, 11, 30)
    assert task.deadline_text == "trong tháng 11/2025"
    assert task.expected_product.startswith("Kế hoạch")
    assert task.assigned_by.code == "08-BCD"
    recurring = [t for t in tasks if t.recurring]
    assert recurring and all(t.cadence and t.original_due_on is None for t in recurring)


@pytest.mark.django_db
def test_the_next_meeting_pack_reports_the_notice_by_class_and_names_the_overdue(
    third_meeting, people, committees, time_machine
):
    time_machine.move_to(date(2025, 10, 24))
    meeting_hold(user=people.tq_manager, meeting=third_meeting)
    drafts = conclusions_propose(
        user=people.tq_manager, meeting=third_meeting, text=NOTICE.read_text("utf-8")
    )
    conclusions_record(user=people.tq_manager, meeting=third_meeting, drafts=confirmed(drafts))
    notice = notice_publish(
        user=people.tq_manager,
        meeting=third_meeting,
        symbol="05-TB/BCĐ",
        issued_on=date(2025, 10, 24),
    )
    plan_task = Task.objects.get(directive=notice, reference="2")
    time_machine.move_to(date(2025, 11, 20))
    progress_report(task=plan_task, reported_on=date(2025, 11, 20), state="completed", percent=100)

    time_machine.move_to(date(2026, 1, 20))
    fourth = meeting_create(
        user=people.tq_manager, committee=committees[0], number=4, held_on=date(2026, 1, 20)
    )
    meeting_hold(user=people.tq_manager, meeting=fourth)
    fourth.refresh_from_db()
    (status,) = notices_of(fourth.pack)
    assert status.symbol == "05-TB/BCĐ"
    expected = Task.objects.filter(directive=notice)
    assert status.counts.total == expected.count()
    assert status.counts.done_on_time == 1
    assert status.counts.regular == expected.filter(recurring=True).count()
    overdue = {o.reference: o for o in status.overdue}
    # Sở Tài chính's decision was due 15/12/2025 and nothing was reported
    stc = expected.get(lead_unit__code="08-STC", original_due_on=date(2025, 12, 15))
    assert overdue[stc.reference].lead_code == "08-STC"
    assert overdue[stc.reference].days_late == 36
    assert status.counts.overdue == len(status.overdue)
    # the report part of the pack reads back as the report renderers read it
    report = report_of(fourth.pack)
    assert report.unit_code == "08" and report.as_of == date(2026, 1, 20)
    # frozen: later data does not move what the committee read
    time_machine.move_to(date(2026, 2, 1))
    progress_report(task=stc, reported_on=date(2026, 2, 1), state="completed", percent=100)
    fourth.refresh_from_db()
    assert notices_of(fourth.pack)[0].counts.overdue == status.counts.overdue


@pytest.mark.django_db
def test_a_cao_bang_manager_cannot_touch_a_tuyen_quang_meeting(third_meeting, people, committees):
    with pytest.raises(PermissionError):
        meeting_hold(user=people.cb_manager, meeting=third_meeting)
    with pytest.raises(PermissionError):
        conclusions_propose(
            user=people.cb_manager, meeting=third_meeting, text="Giao Sở Tài chính."
        )
    with pytest.raises(PermissionError):
        meeting_create(
            user=people.cb_manager, committee=committees[0], number=9, held_on=date(2025, 1, 1)
        )
    with pytest.raises(PermissionError):
        meeting_create(
            user=people.tq_dept_reporter,
            committee=committees[0],
            number=9,
            held_on=date(2025, 1, 1),
        )
    assert meeting_create(
        user=people.cb_manager, committee=committees[1], number=1, held_on=date(2025, 1, 1)
    )


@pytest.mark.django_db
def test_an_assignment_without_a_lead_is_refused_naming_the_conclusion(third_meeting, people):
    with pytest.raises(MeetingError) as err:
        conclusions_record(
            user=people.tq_manager,
            meeting=third_meeting,
            drafts=[
                ConclusionDraft(kind="statement", text="Ghi nhận."),
                ConclusionDraft(kind="assignment", text="Giao các sở rà soát."),
            ],
        )
    assert err.value.field == "conclusions.2.lead"
    with pytest.raises(MeetingError) as err:
        conclusions_record(
            user=people.tq_manager,
            meeting=third_meeting,
            drafts=[
                ConclusionDraft(
                    kind="assignment",
                    text="Giao Sở Tài chính báo cáo.",
                    lead=Unit.objects.get(code="08-STC"),
                    recurring=True,
                )
            ],
        )
    assert err.value.field == "conclusions.1.cadence"
    with pytest.raises(MeetingError) as err:
        conclusions_record(
            user=people.tq_manager,
            meeting=third_meeting,
            drafts=[
                ConclusionDraft(
                    kind="assignment",
                    text="Giao Sở KH&CN tỉnh Cao Bằng.",
                    lead=Unit.objects.get(code="08-STC"),
                    coordinating=[Unit.objects.get(code="04-SKHCN")],
                )
            ],
        )
    assert err.value.field == "conclusions.1.coordinating"
    assert not third_meeting.conclusions.exists()


@pytest.mark.django_db
def test_publishing_is_all_or_nothing(third_meeting, people, time_machine):
    time_machine.move_to(date(2025, 10, 24))
    meeting_hold(user=people.tq_manager, meeting=third_meeting)
    conclusions_record(
        user=people.tq_manager,
        meeting=third_meeting,
        drafts=[
            ConclusionDraft(
                kind="assignment", text="Giao Sở Tài chính.", lead=Unit.objects.get(code="08-STC")
            )
        ],
    )
    make_directive(third_meeting.committee, symbol="05-TB/BCĐ")
    with pytest.raises(MeetingError) as err:
        notice_publish(
            user=people.tq_manager,
            meeting=third_meeting,
            symbol="05-TB/BCĐ",
            issued_on=date(2025, 10, 24),
        )
    assert err.value.field == "symbol"
    third_meeting.refresh_from_db()
    assert third_meeting.status == MeetingStatus.HELD and third_meeting.notice is None
    assert not Task.objects.filter(directive__symbol="05-TB/BCĐ").exists()


@pytest.mark.django_db
def test_issuing_the_notice_is_in_the_audit_trail(third_meeting, people, time_machine):
    from steerco.audit.models import AuditEvent

    time_machine.move_to(date(2025, 10, 24))
    meeting_hold(user=people.tq_manager, meeting=third_meeting)
    conclusions_record(
        user=people.tq_manager,
        meeting=third_meeting,
        drafts=[
            ConclusionDraft(
                kind="assignment", text="Giao Sở Tài chính.", lead=Unit.objects.get(code="08-STC")
            )
        ],
    )
    notice = notice_publish(
        user=people.tq_manager,
        meeting=third_meeting,
        symbol="05-TB/BCĐ",
        issued_on=date(2025, 10, 24),
    )
    types = set(AuditEvent.objects.values_list("object_type", flat=True))
    assert {"directives.directive", "directives.task", "meetings.meeting"} <= types
    assert AuditEvent.objects.filter(
        object_type="directives.directive", object_id=str(notice.pk)
    ).exists()


@pytest.mark.django_db
def test_an_agenda_item_keeps_its_presenting_unit_and_document(
    third_meeting, people, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from steerco.meetings.services import agenda_item_add

    settings.MEDIA_ROOT = tmp_path
    first = agenda_item_add(user=people.tq_manager, meeting=third_meeting, title="Báo cáo 9 tháng")
    second = agenda_item_add(
        user=people.tq_manager,
        meeting=third_meeting,
        title="Dự thảo Kế hoạch năm 2026",
        presenting_unit=Unit.objects.get(code="08-SKHCN"),
        document=ContentFile(b"%PDF-1.4\n", name="du-thao.pdf"),
    )
    assert (first.order, second.order) == (1, 2)
    assert second.document_name == "du-thao.pdf" and second.document.read() == b"%PDF-1.4\n"
    with pytest.raises(MeetingError):
        agenda_item_add(
            user=people.tq_manager,
            meeting=third_meeting,
            title="Cao Bằng",
            presenting_unit=Unit.objects.get(code="04-SKHCN"),
        )
    with pytest.raises(PermissionError):
        agenda_item_add(user=people.cb_manager, meeting=third_meeting, title="x")
