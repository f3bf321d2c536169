"""Officials: the rules a record obeys, and finding the official a plan's person cell names."""

from datetime import date

import pytest
from django.utils import translation

from steerco.people.matching import PersonDirectory, match_person, name_keys
from steerco.people.services import PersonError, person_create, person_update
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english_messages():  # type: ignore[no-untyped-def]
    """Messages are asserted in English (the Vietnamese catalogue translates them)."""
    with translation.override("en"):
        yield


def test_an_official_is_recorded_with_the_name_folded_for_matching(tree):
    duc = person_create(full_name="  Nguyễn  Văn Đức ", unit=tree.tq_skhcn, position="Giám đốc Sở")
    assert (duc.full_name, duc.name_folded) == ("Nguyễn Văn Đức", "nguyen van duc")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"full_name": "   "}, "full_name"),
        ({"active_from": date(2025, 6, 1), "active_until": date(2025, 1, 1)}, "active_until"),
    ],
)
def test_a_record_without_a_name_or_with_dates_reversed_is_refused(tree, kwargs, field):
    fields = {"full_name": "Trần Thị Hoa", "unit": tree.tq_skhcn, **kwargs}
    with pytest.raises(PersonError) as error:
        person_create(**fields)
    assert error.value.field == field


def test_an_account_is_linked_to_one_official_at_most(tree):
    user = UserFactory(username="hoa")
    hoa = person_create(full_name="Trần Thị Hoa", unit=tree.tq_skhcn, user=user)
    person_update(person=hoa, full_name="Trần Thị Hoa", unit=tree.tq_skhcn, user=user)
    with pytest.raises(PersonError, match="already linked to Trần Thị Hoa") as error:
        person_create(full_name="Lê Văn Nam", unit=tree.tq_stc, user=user)
    assert error.value.field == "user"


def test_a_person_cell_without_diacritics_finds_the_official(tree):
    duc = person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_skhcn)
    assert match_person(tree.tq_skhcn, "Nguyen Van Duc").person == duc
    assert match_person(tree.tq_skhcn, "NGUYỄN VĂN ĐỨC").person == duc


@pytest.mark.parametrize(
    "cell",
    [
        "đ/c Nguyễn Văn Đức",
        "Đồng chí Nguyễn Văn Đức",
        "Ông Nguyễn Văn Đức",
        "Nguyễn Văn Đức - Giám đốc Sở",
        "Nguyễn Văn Đức (Giám đốc Sở)",
        "Giám đốc Sở - Ông Nguyễn Văn Đức",
        "Đ/c Nguyễn Văn Đức, Phó Giám đốc",
    ],
)
def test_a_title_and_a_position_around_the_name_are_read_past(tree, cell):
    duc = person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_skhcn)
    match = match_person(tree.tq_skhcn, cell)
    assert (match.kind, match.person) == ("person", duc)


def test_two_officials_of_one_name_in_the_unit_are_both_listed_never_guessed(tree):
    first = person_create(full_name="Trần Thị Hoa", unit=tree.tq_skhcn, position="Phó Giám đốc")
    second = person_create(full_name="Trần Thị Hoa", unit=tree.tq_skhcn, position="Chuyên viên")
    match = match_person(tree.tq_skhcn, "Bà Trần Thị Hoa")
    assert match.kind == "ambiguous"
    assert match.person is None
    assert set(match.candidates) == {first, second}


def test_a_role_that_names_nobody_is_kept_as_text(tree):
    person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_skhcn, position="Giám đốc Sở")
    match = match_person(tree.tq_skhcn, "Giám đốc Sở")
    assert (match.kind, match.text) == ("none", "Giám đốc Sở")


def test_an_official_of_the_province_answers_for_a_department_when_the_department_has_none(tree):
    chairman = person_create(full_name="Lê Quang Minh", unit=tree.tuyen_quang)
    assert match_person(tree.tq_skhcn, "Lê Quang Minh").person == chairman


def test_the_lead_units_own_official_comes_before_a_namesake_above_it(tree):
    person_create(full_name="Lê Quang Minh", unit=tree.tuyen_quang)
    own = person_create(full_name="Lê Quang Minh", unit=tree.tq_skhcn)
    assert match_person(tree.tq_skhcn, "Lê Quang Minh").person == own


def test_officials_of_another_department_or_province_are_not_matched(tree):
    person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_stc)
    person_create(full_name="Nguyễn Văn Đức", unit=tree.cb_skhcn)
    assert match_person(tree.tq_skhcn, "Nguyễn Văn Đức").kind == "none"


def test_an_official_out_of_post_on_the_day_is_not_matched(tree):
    person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_skhcn, active_until=date(2024, 12, 31))
    assert match_person(tree.tq_skhcn, "Nguyễn Văn Đức", on=date(2025, 1, 15)).kind == "none"
    assert match_person(tree.tq_skhcn, "Nguyễn Văn Đức").kind == "person"


def test_one_directory_answers_many_cells_with_one_query(tree, django_assert_num_queries):
    person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_skhcn)
    person_create(full_name="Hoàng Thị Lan", unit=tree.lam_binh)
    with django_assert_num_queries(1):
        directory = PersonDirectory.of_units([tree.tq_skhcn, tree.lam_binh])
        assert directory.match(tree.tq_skhcn, "Nguyen Van Duc").kind == "person"
        assert directory.match(tree.lam_binh, "Hoàng Thị Lan").kind == "person"
        assert directory.match(tree.lam_binh, "Nguyễn Văn Đức").kind == "none"


def test_name_keys_try_the_whole_cell_then_its_parts():
    assert name_keys("Ông Nguyễn Văn Đức - Giám đốc Sở") == [
        "ong nguyen van duc - giam doc so",
        "nguyen van duc - giam doc so",
        "ong nguyen van duc",
        "nguyen van duc",
        "giam doc so",
    ]


def test_a_family_name_that_is_also_a_title_is_matched_as_written(tree):
    tung = person_create(full_name="Ông Văn Tùng", unit=tree.tq_skhcn)
    assert match_person(tree.tq_skhcn, "Ông Văn Tùng").person == tung
