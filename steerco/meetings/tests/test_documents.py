"""The meeting's documents (issue 16): the concluding notice in the administrative layout
(`steerco notice render`) and the frozen pack (`steerco meeting pack`)."""

import io
from datetime import date

import docx
import pytest
from django.core.management import CommandError, call_command

from steerco.directives.models import Task
from steerco.meetings.services import (
    conclusions_propose,
    conclusions_record,
    meeting_create,
    meeting_hold,
    notice_publish,
)

from .conftest import NOTICE, confirmed


def text_of(path):
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def issued(third_meeting, people, time_machine):
    from steerco.meetings.services import agenda_item_add
    from steerco.units.models import Unit

    time_machine.move_to(date(2025, 10, 24))
    agenda_item_add(
        user=people.tq_manager,
        meeting=third_meeting,
        title="Kết quả thực hiện Nghị quyết số 57-NQ/TW 9 tháng đầu năm 2025",
        presenting_unit=Unit.objects.get(code="08-SKHCN"),
    )
    meeting_hold(user=people.tq_manager, meeting=third_meeting)
    drafts = conclusions_propose(
        user=people.tq_manager, meeting=third_meeting, text=NOTICE.read_text("utf-8")
    )
    conclusions_record(user=people.tq_manager, meeting=third_meeting, drafts=confirmed(drafts))
    notice_publish(
        user=people.tq_manager,
        meeting=third_meeting,
        symbol="05-TB/BCĐ",
        issued_on=date(2025, 10, 24),
    )
    return third_meeting


@pytest.mark.django_db
def test_the_notice_is_written_in_the_administrative_layout(issued, tmp_path):
    out = tmp_path / "tb.docx"
    call_command(
        "notice", "render", "--meeting", str(issued.pk), "-o", str(out), stdout=io.StringIO()
    )
    text = text_of(out)
    assert "UBND TỈNH TUYÊN QUANG" in text and "BAN CHỈ ĐẠO" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 05-TB/BCĐ" in text
    assert "Tuyên Quang, ngày 24 tháng 10 năm 2025" in text
    assert "THÔNG BÁO" in text
    assert (
        "Kết luận của đồng chí Nguyễn Văn A, Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo tại phiên họp "
        "thứ ba của Ban Chỉ đạo"
    ) in text
    assert "\n2. Giao Sở Khoa học và Công nghệ chủ trì" in text
    assert "Nơi nhận:" in text and "- Sở Tài chính;" in text
    assert "TM. BAN CHỈ ĐẠO" in text and "TRƯỞNG BAN" in text

    party = tmp_path / "tb-party.docx"
    call_command(
        "notice",
        "render",
        "--meeting",
        str(issued.pk),
        "--layout",
        "party",
        "--lang",
        "en",
        "-o",
        str(party),
        stdout=io.StringIO(),
    )
    text = text_of(party)
    assert "COMMUNIST PARTY OF VIET NAM" in text and "No. 05-TB/BCĐ" in text
    assert "NOTICE" in text and "3rd meeting" in text


@pytest.mark.django_db
def test_the_notice_command_names_a_bad_argument(issued, tmp_path):
    with pytest.raises(CommandError, match="--format"):
        call_command(
            "notice",
            "render",
            "--meeting",
            str(issued.pk),
            "--format",
            "odt",
            "-o",
            str(tmp_path / "x"),
        )
    with pytest.raises(CommandError, match="--meeting: no meeting 999"):
        call_command("notice", "render", "--meeting", "999", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="-o: folder"):
        call_command("meeting", "pack", "--meeting", str(issued.pk), "-o", "/nowhere/x.docx")


@pytest.mark.django_db
def test_the_next_meeting_pack_opens_with_the_notice_and_its_overdue_tasks(
    issued, people, committees, time_machine, tmp_path
):
    time_machine.move_to(date(2026, 1, 20))
    fourth = meeting_create(
        user=people.tq_manager, committee=committees[0], number=4, held_on=date(2026, 1, 20)
    )
    meeting_hold(user=people.tq_manager, meeting=fourth)
    out = tmp_path / "pack.docx"
    call_command(
        "meeting", "pack", "--meeting", str(fourth.pk), "-o", str(out), stdout=io.StringIO()
    )
    text = text_of(out)
    total = Task.objects.filter(directive__symbol="05-TB/BCĐ").count()
    assert "Tài liệu phiên họp thứ tư của Ban Chỉ đạo" in text and "ngày 20/01/2026." in text
    assert "TÌNH HÌNH THỰC HIỆN CÁC THÔNG BÁO KẾT LUẬN TRƯỚC" in text
    assert f"Thông báo số 05-TB/BCĐ ngày 24/10/2025: {total} nhiệm vụ" in text
    assert "— Sở Tài chính: quá hạn 36 ngày (hạn 15/12/2025)." in text
    # the longest overdue first: Sở KH&CN's plan, due 30/11/2025, before Sở Tài chính's
    assert text.index("quá hạn 51 ngày") < text.index("quá hạn 36 ngày") < text.index("20 ngày")
    assert "BÁO CÁO" in text  # the report follows, rendered by the report's renderer


@pytest.mark.django_db
def test_an_unnamed_chair_is_the_head_of_the_committee(third_meeting):
    from steerco.meetings.documents import notice_heading

    third_meeting.chair_name = third_meeting.chair_title = ""
    heading = notice_heading(third_meeting, layout="state", lang="vi")
    assert heading.subject == (
        "Kết luận của đồng chí Trưởng Ban Chỉ đạo tại phiên họp thứ ba của Ban Chỉ đạo"
    )
    assert heading.number == "Số:       /TB-BCĐ"  # not issued: a draft without its number
    assert notice_heading(third_meeting, layout="state", lang="en").subject == (
        "Conclusions of the Head of the Steering Committee, at the committee's 3rd meeting"
    )
