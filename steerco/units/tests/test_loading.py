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
    assert Unit.objects.filter(kind=UnitKind.COMMITTEE).count() == 34
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


@pytest.mark.slow
@pytest.mark.django_db
def test_loading_again_restores_a_renamed_unit_and_keeps_units_added_by_hand():
    from steerco.units.services import unit_create

    load_vietnam_units()
    tuyen_quang = Unit.objects.get(code="08")
    added = unit_create(
        code="08-BQLDA", name="Ban Quản lý dự án", kind=UnitKind.OTHER, parent=tuyen_quang
    )
    Unit.objects.filter(code="08-SKHCN").update(name="Sở KH&CN (cũ)")
    result = load_vietnam_units()
    assert Unit.objects.get(code="08-SKHCN").name == "Sở Khoa học và Công nghệ"
    assert result.created == 0
    assert Unit.objects.get(code="08-BQLDA").path == added.path


@pytest.mark.slow
@pytest.mark.django_db
def test_each_province_has_its_steering_committee_under_it_and_not_among_peers():
    from steerco.scoring.peers import peers_of

    load_vietnam_units()
    tuyen_quang = Unit.objects.get(code="08")
    committee = Unit.objects.get(code="08-BCD")
    assert committee.parent == tuyen_quang and committee.kind == UnitKind.COMMITTEE
    assert committee.name == (
        "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
        "tỉnh Tuyên Quang"
    )
    assert Unit.objects.get(code="01-BCD").name.endswith("thành phố Hà Nội")
    assert committee not in peers_of(Unit.objects.get(code="08-SKHCN"))
    assert all(p.kind == UnitKind.PROVINCE for p in peers_of(tuyen_quang))
