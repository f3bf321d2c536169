"""Loading Vietnam's units: 34 provinces, 3,321 communes, departments; twice changes nothing."""

import pytest

from steerco.units.loading import load_vietnam_units
from steerco.units.models import Unit, UnitKind


@pytest.mark.slow
@pytest.mark.django_db
def test_loading_the_vietnamese_tree_twice_gives_the_same_tree():
    first = load_vietnam_units()
    paths = dict(Unit.objects.values_list("code", "path"))
    second = load_vietnam_units()
    assert second.created == 0 and second.unchanged == first.created
    assert dict(Unit.objects.values_list("code", "path")) == paths

    assert Unit.objects.filter(kind=UnitKind.PROVINCE).count() == 34
    assert Unit.objects.filter(kind=UnitKind.COMMUNE).count() == 3321
    cao_bang = Unit.objects.get(name="Cao Bằng", kind=UnitKind.PROVINCE)
    tuyen_quang = Unit.objects.get(name="Tuyên Quang", kind=UnitKind.PROVINCE)
    assert Unit.objects.in_subtree(cao_bang).filter(kind=UnitKind.COMMUNE).count() == 56
    assert Unit.objects.in_subtree(tuyen_quang).filter(kind=UnitKind.COMMUNE).count() == 124
    assert Unit.objects.filter(parent=tuyen_quang, name="Xã Lâm Bình").exists()
    departments = set(
        Unit.objects.filter(parent=tuyen_quang, kind=UnitKind.DEPARTMENT).values_list(
            "name", flat=True
        )
    )
    assert {
        "Sở Khoa học và Công nghệ",
        "Sở Nông nghiệp và Môi trường",
        "Công an tỉnh",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    } <= departments
