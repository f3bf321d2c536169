"""Importing officials from CSV/XLSX: the preview names every problem by row and column,
an official already recorded is updated rather than duplicated, and nothing is written
unless every row is sound."""

import io
from datetime import date

import pytest
from django.utils import translation
from openpyxl import Workbook

from steerco.people.imports import people_import_commit, people_import_preview
from steerco.people.models import Person
from steerco.people.services import person_create
from tests.factories import UserFactory, personas


@pytest.fixture(autouse=True)
def _english_messages():  # type: ignore[no-untyped-def]
    """Messages are asserted in English (the Vietnamese catalogue translates them)."""
    with translation.override("en"):
        yield


VI_HEADER = "Họ và tên,Chức vụ,Mã đơn vị,Tài khoản,Từ ngày,Đến ngày\n"


def csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_a_vietnamese_csv_previews_then_commits_the_officials(tree):
    UserFactory(username="duc.skhcn")
    data = csv(
        VI_HEADER + "Nguyễn Văn Đức,Giám đốc Sở,08-SKHCN,duc.skhcn,01/01/2024,\n"
        "Trần Thị Hoa,Chủ tịch UBND xã,02233,,2025-07-01,\n"
    )
    preview = people_import_preview(data, None, name="can-bo.csv")
    assert preview.rejected == []
    assert [(r.full_name, r.action) for r in preview.rows] == [
        ("Nguyễn Văn Đức", "create"),
        ("Trần Thị Hoa", "create"),
    ]
    assert not Person.objects.exists()
    assert people_import_commit(preview).committed
    duc = Person.objects.get(name_folded="nguyen van duc")
    assert (duc.unit, duc.position, duc.user.username, duc.active_from) == (
        tree.tq_skhcn,
        "Giám đốc Sở",
        "duc.skhcn",
        date(2024, 1, 1),
    )


def test_english_headers_and_an_xlsx_file_are_read_too(tree):
    book = Workbook()
    sheet = book.active
    sheet.append(["Full name", "Position", "Unit code", "User name", "In post from"])
    sheet.append(["Lê Quang Minh", "Chủ tịch UBND tỉnh", "08", None, date(2025, 3, 1)])
    out = io.BytesIO()
    book.save(out)
    out.name = "officials.xlsx"
    out.seek(0)
    preview = people_import_preview(out, None)
    assert preview.rejected == []
    assert preview.rows[0].unit == tree.tuyen_quang
    assert preview.rows[0].active_from == date(2025, 3, 1)


def test_each_problem_names_its_row_and_column_and_nothing_is_written(tree):
    data = csv(
        VI_HEADER + "Nguyễn Văn Đức,Giám đốc Sở,08-SKHCN,,01/01/2024,\n"
        "Trần Thị Hoa,,99-KHONG,,,\n"
        "Lê Văn Nam,,08-STC,nobody,31/02/2025,\n"
        ",,08-STC,,,\n"
    )
    preview = people_import_preview(data, None, name="can-bo.csv")
    found = {(p.row, p.column, p.message) for p in preview.rejected}
    assert (3, "Mã đơn vị", "no unit has this code") in found
    assert (4, "Tài khoản", "no account has this user name") in found
    assert (4, "Từ ngày", "no such day") in found
    assert (5, "Họ và tên", "the official's name is empty") in found
    assert not people_import_commit(preview).committed
    assert not Person.objects.exists()


def test_an_official_already_recorded_is_updated_not_duplicated(tree):
    duc = person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_skhcn, position="Phó Giám đốc")
    data = csv(VI_HEADER + "Nguyen Van Duc,Giám đốc Sở,08-SKHCN,,01/07/2025,\n")
    preview = people_import_preview(data, None, name="can-bo.csv")
    assert [(r.action, r.existing) for r in preview.rows] == [("update", duc)]
    assert preview.as_dict()["updated"] == 1
    people_import_commit(preview)
    duc.refresh_from_db()
    assert (duc.full_name, duc.position, duc.active_from) == (
        "Nguyễn Văn Đức",
        "Giám đốc Sở",
        date(2025, 7, 1),
    )
    assert Person.objects.count() == 1


def test_an_account_already_linked_or_named_twice_is_refused(tree):
    user = UserFactory(username="hoa")
    person_create(full_name="Trần Thị Hoa", unit=tree.tq_stc, user=user)
    data = csv(VI_HEADER + "Lê Văn Nam,,08-SKHCN,hoa,,\n")
    preview = people_import_preview(data, None, name="x.csv")
    assert [(p.row, p.column) for p in preview.rejected] == [(2, "Tài khoản")]


def test_a_manager_imports_only_officials_of_units_they_manage(tree):
    people = personas(tree)
    data = csv(VI_HEADER + "Nguyễn Văn Đức,,08-SKHCN,,,\nHoàng Văn Bình,,04-SKHCN,,,\n")
    preview = people_import_preview(data, people.tq_manager, name="x.csv")
    assert [(p.row, p.column, p.message) for p in preview.rejected] == [
        (3, "Mã đơn vị", "you do not manage Sở Khoa học và Công nghệ")
    ]
    reporter = people_import_preview(data, people.tq_dept_reporter, name="x.csv")
    assert len(reporter.rejected) == 2


def test_a_file_without_the_name_or_unit_column_is_refused_naming_them(tree):
    preview = people_import_preview(csv("Chức vụ\nGiám đốc\n"), None, name="x.csv")
    assert "Họ và tên, Mã đơn vị" in preview.rejected[0].message
