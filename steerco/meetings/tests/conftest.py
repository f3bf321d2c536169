"""A steering committee for Tuyên Quang (and one for Cao Bằng) on top of the small tree,
with Tuyên Quang's real departments, so that the fixture notice's units are found."""

from datetime import date
from pathlib import Path

import pytest

from steerco.intake.tests.test_conclusions import tuyen_quang  # noqa: F401  (a fixture)
from steerco.meetings.models import ConclusionKind
from steerco.meetings.services import ConclusionDraft, meeting_create
from steerco.units.models import Unit, UnitKind
from steerco.units.services import unit_create
from tests.factories import make_directive, make_task

NOTICE = Path(__file__).parents[2] / "intake" / "tests" / "fixtures" / "thong-bao-ket-luan-57.txt"


@pytest.fixture
def committees(tuyen_quang):  # noqa: F811
    tq = unit_create(
        code="08-BCD",
        name="Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
        "tỉnh Tuyên Quang",
        short_name="BCĐ",
        kind=UnitKind.COMMITTEE,
        parent=tuyen_quang.tuyen_quang,
    )
    cb = unit_create(
        code="04-BCD",
        name="Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
        "tỉnh Cao Bằng",
        short_name="BCĐ",
        kind=UnitKind.COMMITTEE,
        parent=tuyen_quang.cao_bang,
    )
    return tq, cb


@pytest.fixture
def third_meeting(committees, people):
    tq_committee, _ = committees
    plan = make_directive(tq_committee.parent, symbol="01-KH/BCĐ")
    make_task(plan, Unit.objects.get(code="08-SKHCN"), due_on=date(2025, 9, 30))
    meeting = meeting_create(
        user=people.tq_manager,
        committee=tq_committee,
        number=3,
        held_on=date(2025, 10, 20),
        place="Trụ sở Tỉnh ủy",
        chair_name="Nguyễn Văn A",
        chair_title="Bí thư Tỉnh ủy",
        present="Nguyễn Văn A, Trưởng ban\nTrần Thị B, Phó Trưởng ban",
        absent="Lê Văn C (công tác)",
        invited_units=[Unit.objects.get(code="08-SKHCN")],
        directives=[plan],
    )
    return meeting


def confirmed(drafts):
    """What the office confirms: the proposals with one lead; the ward the reader would not
    guess (Hà Giang 1 or 2) chosen by hand; a statement typed."""
    out = [ConclusionDraft(kind=ConclusionKind.STATEMENT, text="Ban Chỉ đạo ghi nhận ...")]
    for d in drafts:
        if d.lead is None and d.text.startswith("Giao UBND phường Hà Giang"):
            d.lead = Unit.objects.get(code="00694")
        if d.lead is not None:
            out.append(d)
    return out
