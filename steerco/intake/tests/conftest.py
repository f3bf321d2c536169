import pytest

from steerco.units.models import UnitKind
from steerco.units.services import unit_create


@pytest.fixture
def tq(tree):
    """Tuyên Quang with more of its departments and a ward, on top of the small tree."""
    province = tree.tuyen_quang
    for code, name, short in [
        ("08-SGDDT", "Sở Giáo dục và Đào tạo", "SGDĐT"),
        ("08-SNNMT", "Sở Nông nghiệp và Môi trường", "SNNMT"),
        ("08-SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
        ("08-SNV", "Sở Nội vụ", "SNV"),
        ("08-CA", "Công an tỉnh", "CA"),
        ("08-VPUBND", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND"),
    ]:
        unit_create(
            code=code, name=name, short_name=short, kind=UnitKind.DEPARTMENT, parent=province
        )
    unit_create(
        code="02269",
        name="Phường Minh Xuân",
        kind=UnitKind.COMMUNE,
        parent=province,
        subkind="phường",
    )
    return tree


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are asserted in English; test_messages checks the Vietnamese."""
    from django.utils import translation

    with translation.override("en"):
        yield
