import json

import pytest
from django.core.management import CommandError, call_command

from steerco.intake.unitnames import UnitDirectory, UnitNameError
from steerco.units.models import UnitKind
from steerco.units.services import unit_create


def codes(found):
    return [u.code for u in found.units]


@pytest.fixture
def directory(tq):
    return UnitDirectory(tq.tuyen_quang)


@pytest.mark.parametrize(
    "text",
    [
        "Sở KH&CN",
        "Sở KH & CN",
        "SKHCN",
        "Sở Khoa học và Công nghệ",
        "so khoa hoc va cong nghe",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Sở KHCN",
        "08-SKHCN",
    ],
)
def test_department_is_found_by_abbreviation_full_name_or_without_diacritics(directory, text):
    assert codes(directory.match(text, role="lead")) == ["08-SKHCN"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Sở NN&MT", "08-SNNMT"),
        ("Sở Nông nghiệp và Môi trường", "08-SNNMT"),
        ("Sở GD&ĐT", "08-SGDDT"),
        ("Sở GDĐT", "08-SGDDT"),
        ("UBND tỉnh", "08"),
        ("Ủy ban nhân dân tỉnh", "08"),
        ("Công an tỉnh", "08-CA"),
        ("VP UBND tỉnh", "08-VPUBND"),
        ("Văn phòng UBND tỉnh", "08-VPUBND"),
        ("UBND xã Lâm Bình", "02233"),
        ("Xã Lâm Bình", "02233"),
        ("Lâm Bình", "02233"),
        ("Sở VHTT&DL", "08-SVHTTDL"),
    ],
)
def test_common_abbreviations(directory, text, code):
    assert codes(directory.match(text, role="lead")) == [code]


def test_several_units_in_one_cell_split_on_commas_semicolons_and_va(directory):
    found = directory.match(
        "Sở Tài chính, Sở KH&CN; Sở Nội vụ và Công an tỉnh\nUBND xã Lâm Bình", role="coordinating"
    )
    assert codes(found) == ["08-STC", "08-SKHCN", "08-SNV", "08-CA", "02233"]
    assert not found.warnings


def test_names_containing_va_or_commas_are_not_split(directory):
    found = directory.match(
        "Sở Giáo dục và Đào tạo và Sở Văn hóa, Thể thao và Du lịch, Sở Nông nghiệp và Môi trường",
        role="coordinating",
    )
    assert codes(found) == ["08-SGDDT", "08-SVHTTDL", "08-SNNMT"]


def test_communes_collective_expands_to_every_commune_of_those_kinds(directory):
    found = directory.match("UBND các xã, phường", role="lead")
    assert found.collective
    assert sorted(codes(found)) == ["02233", "02236", "02269"]
    assert sorted(codes(directory.match("UBND các xã", role="lead"))) == ["02233", "02236"]
    assert sorted(codes(directory.match("các xã, phường, đặc khu", role="lead"))) == [
        "02233",
        "02236",
        "02269",
    ]


def test_departments_collective_expands_to_every_department_of_the_province(directory, tq):
    found = directory.match("Các sở, ban, ngành", role="lead")
    assert found.collective
    assert len(found.units) == 8
    assert all(u.parent_id == tq.tuyen_quang.pk for u in found.units)


def test_collectives_together(directory):
    found = directory.match("Các sở, ban, ngành; UBND các xã, phường", role="coordinating")
    assert len(found.units) == 11


def test_unknown_lead_unit_is_an_error_with_candidates(directory):
    with pytest.raises(UnitNameError) as info:
        directory.match("Sở Khoa hoc Cong nghe va Truyen thong", role="lead")
    assert "Sở Khoa học và Công nghệ" in info.value.candidates
    assert "closest" in str(info.value)


def test_external_lead_unit_is_an_error(directory):
    with pytest.raises(UnitNameError, match="lead unit must be one"):
        directory.match("VNPT Tuyên Quang", role="lead")


def test_bodies_outside_the_tree_are_external_partners_with_a_warning(directory):
    found = directory.match(
        "Sở KH&CN, VNPT Tuyên Quang, Viettel Tuyên Quang, Ngân hàng Nhà nước chi nhánh tỉnh, "
        "Ủy ban MTTQ tỉnh",
        role="coordinating",
    )
    assert codes(found) == ["08-SKHCN"]
    assert found.external == [
        "VNPT Tuyên Quang",
        "Viettel Tuyên Quang",
        "Ngân hàng Nhà nước chi nhánh tỉnh",
        "Ủy ban MTTQ tỉnh",
    ]
    assert len(found.warnings) == 4


def test_vague_coordinating_phrase_names_no_unit(directory):
    found = directory.match("Sở Tài chính và các cơ quan, đơn vị liên quan", role="coordinating")
    assert codes(found) == ["08-STC"]
    assert found.warnings and not found.external


def test_name_shared_by_two_provinces_is_ambiguous_nationally(tq):
    with pytest.raises(UnitNameError, match="names 2 units"):
        UnitDirectory(tq.root).match("Sở KH&CN", role="lead")


def test_command_prints_units(tq, capsys):
    call_command("match-unit", "Sở KH&CN và Sở Tài chính", "--within", "08")
    assert json.loads(capsys.readouterr().out) == [
        {"code": "08-SKHCN", "name": "Sở Khoa học và Công nghệ"},
        {"code": "08-STC", "name": "Sở Tài chính"},
    ]


def test_command_refuses_unknown_unit_naming_candidates(tq):
    with pytest.raises(CommandError, match="closest: Sở Tài chính"):
        call_command("match-unit", "Sở Tài chánh", "--within", "08")


def test_unknown_name_containing_va_is_reported_whole(directory):
    with pytest.raises(UnitNameError, match="“Sở Thông tin và Truyền thông”"):
        directory.match("Sở Thông tin và Truyền thông", role="lead")


def test_external_partner_before_a_name_with_va_and_comma(directory):
    found = directory.match(
        "Hội Nông dân tỉnh và Sở Văn hóa, Thể thao và Du lịch", role="coordinating"
    )
    assert codes(found) == ["08-SVHTTDL"]
    assert found.external == ["Hội Nông dân tỉnh"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Sở Tài chính tỉnh", "08-STC"),
        ("Sở Tài chính tỉnh Tuyên Quang", "08-STC"),
        ("Sở KH&CN tỉnh", "08-SKHCN"),
        ("Sở Tài chính (chủ trì)", "08-STC"),
        ("UBND tỉnh (Văn phòng UBND tỉnh tham mưu)", "08"),
        ("Công an tỉnh Tuyên Quang", "08-CA"),
    ],
)
def test_level_words_and_remarks_in_parentheses(directory, text, code):
    assert codes(directory.match(text, role="lead")) == [code]


@pytest.mark.parametrize(
    "text", ["Các sở, ngành liên quan", "các cơ quan, đơn vị có liên quan", "Các địa phương"]
)
def test_relevant_bodies_name_no_unit(directory, text):
    found = directory.match("Sở Tài chính; " + text, role="coordinating")
    assert codes(found) == ["08-STC"] and not found.external and found.warnings


def test_departments_collective_without_cac(directory):
    assert len(directory.match("Sở, ban, ngành", role="lead").units) == 8


def test_units_outside_the_scope_are_found_when_given(tq):
    ministry = unit_create(
        code="BKHCN",
        name="Bộ Khoa học và Công nghệ",
        short_name="BKHCN",
        kind=UnitKind.MINISTRY,
        parent=tq.root,
    )
    directory = UnitDirectory(tq.tuyen_quang, also=[ministry])
    assert directory.match("Bộ KH&CN, Sở KH&CN").units == [ministry, tq.tq_skhcn]
    assert UnitDirectory(tq.tuyen_quang).match("Bộ KH&CN", role="coordinating").units == []


def test_known_tells_a_name_from_a_phrase_that_only_starts_with_one(directory):
    assert directory.known("Sở Văn hóa, Thể thao và Du lịch")
    assert directory.known("UBND các xã, phường")
    assert directory.known("các cơ quan liên quan")
    assert not directory.known("Sở Tài chính tham mưu")
    assert UnitDirectory.outside("VNPT Tuyên Quang")
    assert not UnitDirectory.outside("Sở Tài chính")
