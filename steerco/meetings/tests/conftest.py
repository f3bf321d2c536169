"""A steering committee for Tuyên Quang (and one for Cao Bằng) on top of the small tree,
with Tuyên Quang's real departments, so that the fixture notice's units are found."""

from pathlib import Path

import pytest

from steerco.intake.tests.test_conclusions import tuyen_quang  # noqa: F401  (a fixture)
from steerco.units.models import UnitKind
from steerco.units.services import unit_create

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
