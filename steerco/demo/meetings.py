"""Tuyên Quang's steering-committee meetings of 2025 (issue 16), written through the
meetings' services so that their rules hold: the first meeting (May) is held, its chair's
conclusions recorded and its concluding notice issued — eight assignments that became
tasks of the departments, whose histories are reported through the progress services up
to the demo's day; the second meeting (October) is held after them, so its frozen pack
reports how the notice's tasks stood on its date (two overdue, named with their lead).

The committee's members with an account: the demo's `tq-manager` (Phó Trưởng ban) and three
department heads as office accounts (`office-08-BCD-<department>`, without a password: they
never sign in and are told nothing); each meeting records which of them attended. The
others present (the chair, guests) stay free lines until their accounts exist.

Their directive (the notice) and tasks are not the demo dataset's (`dataset.build_plan`):
the dataset's checksum and its newspaper figures, by directive, are unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from steerco.directives.models import Cadence, Directive, TaskState
from steerco.meetings.models import CommitteeMember, ConclusionKind, Meeting, MemberTitle
from steerco.meetings.services import (
    ConclusionDraft,
    agenda_item_add,
    committee_member_add,
    conclusions_record,
    meeting_create,
    meeting_hold,
    notice_publish,
)
from steerco.notices.models import NoticeKind
from steerco.notices.services import preference_set
from steerco.progress.services import progress_report
from steerco.units.loading import committee_code
from steerco.units.models import Role, Unit
from steerco.units.services import membership_grant

from .dataset import TUYEN_QUANG

COMMITTEE = committee_code(TUYEN_QUANG)  # 08-BCD
NOTICE_SYMBOL = "18-TB/BCĐ"
FIRST_HELD_ON = date(2025, 5, 23)
NOTICE_ISSUED_ON = date(2025, 5, 28)
SECOND_HELD_ON = date(2025, 10, 15)

CHAIR = ("Hầu A Lềnh", "Bí thư Tỉnh ủy")
PRESENT = [
    "Hầu A Lềnh, Bí thư Tỉnh ủy, Trưởng Ban",
    "Phan Huy Ngọc, Chủ tịch UBND tỉnh, Phó Trưởng Ban thường trực",
    "Chánh Văn phòng UBND tỉnh, Ủy viên",
]
#: The members with an office account (department, name shown), by their order.
OFFICE_MEMBERS = [
    ("SKHCN", "Giám đốc Sở Khoa học và Công nghệ"),
    ("STC", "Giám đốc Sở Tài chính"),
    ("SNV", "Giám đốc Sở Nội vụ"),
]
#: Who of those members missed the second meeting.
SECOND_ABSENT = {"SNV"}
ABSENT = ["Giám đốc Công an tỉnh, Ủy viên (đi công tác, có ủy quyền)"]


@dataclass(frozen=True)
class Assignment:
    """One of the first meeting's assignments and how its task went: (day, state,
    percent) reports, the last one `completed` with the product's symbol if it was done."""

    lead: str  # the department's suffix under Tuyên Quang
    coordinating: tuple[str, ...]
    text: str
    deadline_text: str
    due_on: date | None
    product: str
    reports: tuple[tuple[date, str, int], ...]
    product_symbol: str = ""
    cadence: str = ""


ASSIGNMENTS = [
    Assignment(
        "SKHCN",
        ("STC", "SNV"),
        "Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính, Sở Nội vụ tham mưu "
        "Đề án phát triển nguồn nhân lực số tỉnh Tuyên Quang giai đoạn 2025–2030.",
        "Trong tháng 7/2025",
        date(2025, 7, 31),
        "Đề án trình UBND tỉnh",
        ((date(2025, 6, 14), "in_progress", 40), (date(2025, 7, 25), "completed", 100)),
        "1125/QĐ-UBND",
    ),
    Assignment(
        "STC",
        ("SKHCN",),
        "Giao Sở Tài chính chủ trì bố trí kinh phí năm 2025 cho các nhiệm vụ khoa học, công "
        "nghệ, đổi mới sáng tạo và chuyển đổi số của tỉnh.",
        "Trước ngày 30/6/2025",
        date(2025, 6, 30),
        "Quyết định phân bổ kinh phí",
        ((date(2025, 6, 14), "in_progress", 70), (date(2025, 6, 27), "completed", 100)),
        "980/QĐ-UBND",
    ),
    Assignment(
        "SNV",
        (),
        "Giao Sở Nội vụ rà soát, kiện toàn tổ chức, biên chế làm công tác chuyển đổi số tại "
        "các sở, ngành và cấp xã.",
        "Quý III/2025",
        date(2025, 9, 30),
        "Báo cáo rà soát và đề xuất",
        (
            (date(2025, 7, 14), "in_progress", 30),
            (date(2025, 9, 14), "in_progress", 80),
            (date(2025, 10, 8), "completed", 100),
        ),
        "412/BC-SNV",
    ),
    Assignment(
        "VPUBND",
        ("SKHCN",),
        "Giao Văn phòng UBND tỉnh chủ trì đưa 100% hồ sơ công việc cấp tỉnh lên môi trường "
        "điện tử (trừ hồ sơ mật).",
        "Trước ngày 31/12/2025",
        date(2025, 12, 31),
        "Hồ sơ công việc điện tử",
        (
            (date(2025, 7, 14), "in_progress", 45),
            (date(2025, 10, 14), "in_progress", 80),
            (date(2025, 12, 19), "completed", 100),
        ),
        "88/BC-VPUBND",
    ),
    Assignment(
        "SCT",
        ("SKHCN",),
        "Giao Sở Công Thương triển khai đưa các sản phẩm OCOP của tỉnh lên sàn thương mại điện tử.",
        "Quý III/2025",
        date(2025, 9, 30),
        "Sản phẩm OCOP trên sàn thương mại điện tử",
        (
            (date(2025, 7, 14), "in_progress", 20),
            (date(2025, 9, 14), "in_progress", 55),
            (date(2025, 11, 12), "completed", 100),
        ),
        "305/BC-SCT",
    ),
    Assignment(
        "CA",
        (),
        "Giao Công an tỉnh hoàn thành làm sạch dữ liệu dân cư phục vụ Đề án 06.",
        "Trong tháng 8/2025",
        date(2025, 8, 31),
        "Dữ liệu dân cư đúng, đủ, sạch, sống",
        ((date(2025, 7, 14), "in_progress", 60), (date(2025, 8, 26), "completed", 100)),
        "211/BC-CAT",
    ),
    Assignment(
        "SGDDT",
        ("SKHCN",),
        "Giao Sở Giáo dục và Đào tạo xây dựng kế hoạch bồi dưỡng kỹ năng số cho giáo viên.",
        "Trong tháng 10/2025",
        date(2025, 10, 31),
        "Kế hoạch bồi dưỡng",
        ((date(2025, 9, 14), "in_progress", 50), (date(2025, 10, 29), "completed", 100)),
        "97/KH-SGDĐT",
    ),
    Assignment(
        "SXD",
        ("SKHCN",),
        "Giao Sở Xây dựng hoàn thành cơ sở dữ liệu quy hoạch đô thị dùng chung.",
        "Quý III/2025",
        date(2025, 9, 30),
        "Cơ sở dữ liệu quy hoạch",
        ((date(2025, 7, 14), "in_progress", 30), (date(2025, 10, 14), "in_progress", 70)),
    ),
    Assignment(
        "SKHCN",
        (),
        "Giao Sở Khoa học và Công nghệ tổng hợp, báo cáo Ban Chỉ đạo tình hình thực hiện "
        "hằng tháng.",
        "Hằng tháng",
        None,
        "Báo cáo tháng",
        tuple((date(2025, m, 14), "in_progress", 0) for m in range(6, 13)),
        cadence=Cadence.MONTH,
    ),
]

STATEMENTS = [
    "Ban Chỉ đạo đánh giá cao kết quả triển khai Chương trình hành động thực hiện Nghị quyết "
    "số 57-NQ/TW trong 5 tháng đầu năm 2025.",
    "Các sở, ngành, địa phương tập trung tháo gỡ vướng mắc về hạ tầng số ở các xã vùng cao.",
]

AGENDA = [
    ("Báo cáo kết quả triển khai Nghị quyết số 57-NQ/TW 5 tháng đầu năm 2025", "SKHCN"),
    ("Báo cáo phân bổ kinh phí khoa học, công nghệ và chuyển đổi số năm 2025", "STC"),
    ("Ý kiến thảo luận của các thành viên", None),
]
SECOND_AGENDA = [
    ("Báo cáo tình hình thực hiện Thông báo kết luận số 18-TB/BCĐ", "SKHCN"),
    ("Báo cáo tiến độ Kế hoạch số 02-KH/BCĐTW", "SKHCN"),
]


def _at_office(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=timezone.get_current_timezone())


def _office_member(committee: Unit, suffix: str, name: str) -> Any:
    """An account for a member who never signs in: no password, a viewer of the committee,
    told nothing (as demo.loading's `office-<code>` recorders)."""
    user, created = get_user_model().objects.get_or_create(
        username=f"office-{committee.code}-{suffix.lower()}", defaults={"first_name": name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        preference_set(
            user=user, muted=NoticeKind.values, email=False, digest_weekday=0, language="vi"
        )
    membership_grant(user=user, unit=committee, role=Role.VIEWER)
    return user


def load_members(*, manager: Any, committee: Unit) -> dict[str, CommitteeMember]:
    """The committee's members with an account, by key ("manager" or the department)."""
    members = {
        "manager": committee_member_add(
            user=manager, committee=committee, member=manager, title=MemberTitle.DEPUTY_HEAD
        )
    }
    for suffix, name in OFFICE_MEMBERS:
        members[suffix] = committee_member_add(
            user=manager,
            committee=committee,
            member=_office_member(committee, suffix, name),
            title=MemberTitle.MEMBER,
        )
    return members


def load_meetings(*, manager: Any, reporter: Any, today: date) -> list[Meeting]:
    """The two meetings, the notice and its tasks' histories up to `today`."""
    units = {u.code: u for u in Unit.objects.filter(code__startswith=f"{TUYEN_QUANG}-")}
    committee = units[COMMITTEE]
    members = load_members(manager=manager, committee=committee)

    def unit(suffix: str) -> Unit:
        return units[f"{TUYEN_QUANG}-{suffix}"]

    programme = Directive.objects.get(
        kind="programme", issuer__code=TUYEN_QUANG, symbol__endswith="(Tuyên Quang)"
    )
    first = meeting_create(
        user=manager,
        committee=committee,
        number=1,
        held_on=FIRST_HELD_ON,
        place="Trụ sở Tỉnh ủy Tuyên Quang",
        chair_name=CHAIR[0],
        chair_title=CHAIR[1],
        present=PRESENT,
        absent=ABSENT,
        members_present=list(members.values()),
        invited_units=[unit("SCT"), unit("SGDDT"), unit("SXD"), unit("CA")],
        directives=[programme],
    )
    for title, suffix in AGENDA:
        agenda_item_add(
            user=manager,
            meeting=first,
            title=title,
            presenting_unit=unit(suffix) if suffix else None,
        )
    meeting_hold(user=manager, meeting=first)
    drafts = [ConclusionDraft(kind=ConclusionKind.STATEMENT, text=t) for t in STATEMENTS]
    drafts += [
        ConclusionDraft(
            kind=ConclusionKind.ASSIGNMENT,
            text=a.text,
            lead=unit(a.lead),
            coordinating=[unit(c) for c in a.coordinating],
            deadline_text=a.deadline_text,
            due_on=a.due_on,
            recurring=bool(a.cadence),
            cadence=a.cadence,
            product=a.product,
        )
        for a in ASSIGNMENTS
    ]
    conclusions_record(user=manager, meeting=first, drafts=drafts)
    notice = notice_publish(
        user=manager, meeting=first, symbol=NOTICE_SYMBOL, issued_on=NOTICE_ISSUED_ON
    )
    tasks = {int(t.reference): t for t in notice.tasks.all()}
    for n, a in enumerate(ASSIGNMENTS, len(STATEMENTS) + 1):
        task = tasks[n]
        author = reporter if a.lead == "SKHCN" else None
        for day, state, percent in a.reports:
            if day > today:
                break
            completed = state == TaskState.COMPLETED
            progress_report(
                task=task,
                reported_on=day,
                state=state,
                percent=percent if not a.cadence else None,
                done="Đã triển khai theo kết luận." if not completed else "Đã hoàn thành.",
                product_symbol=a.product_symbol if completed else "",
                product_date=day if completed else None,
                author=author,
                recorded_at=_at_office(day),
            )
    meetings = [first]
    if SECOND_HELD_ON <= today:
        second = meeting_create(
            user=manager,
            committee=committee,
            number=2,
            held_on=SECOND_HELD_ON,
            place="Trụ sở Tỉnh ủy Tuyên Quang",
            chair_name=CHAIR[0],
            chair_title=CHAIR[1],
            present=PRESENT,
            absent=[],
            members_present=[m for k, m in members.items() if k not in SECOND_ABSENT],
            members_absent=[m for k, m in members.items() if k in SECOND_ABSENT],
            directives=[programme, notice],
        )
        for title, suffix in SECOND_AGENDA:
            agenda_item_add(
                user=manager,
                meeting=second,
                title=title,
                presenting_unit=unit(suffix) if suffix else None,
            )
        meetings.append(meeting_hold(user=manager, meeting=second))
    return meetings
