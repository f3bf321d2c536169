"""The entry grid's sheet: downloaded from the grid, filled in, uploaded back to it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from steerco.indicators.imports import catalogue_load
from steerco.indicators.models import IndicatorValue
from steerco.indicators.tests.conftest import SEED
from steerco.intake.value_sheets import HEADER_ROW, LETTER, SHEET

GRID = "/indicators/entry/?unit=02233&period=2025-09"


@pytest.fixture
def catalogue(db):
    """The seeds' indicators, loaded from the shipped fixture."""
    catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)


def download(client, query: str = "unit=02233&period=2025-09") -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(f"/indicators/entry/sheet/?{query}")
    assert response.status_code == 200, response.status_code
    assert "attachment" in response["Content-Disposition"]
    return response.content


def fill(data: bytes, values: dict[str, object]) -> SimpleUploadedFile:
    book = load_workbook(io.BytesIO(data))
    sheet = book[SHEET]
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value in values:
            sheet.cell(row, 5, values[sheet.cell(row, 1).value])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("chi-tieu.xlsx", out.getvalue())


def test_the_grid_offers_the_sheet_and_its_upload(client, tree, people, catalogue):
    client.force_login(people.commune_reporter)
    page = client.get(GRID).content.decode()
    assert 'href="/indicators/entry/sheet/?unit=02233&amp;period=2025-09"' in page
    assert 'action="/indicators/entry/sheet/upload/"' in page


def test_a_value_typed_into_the_downloaded_sheet_is_recorded_for_the_unit_and_period_of_the_sheet(
    client,
    tree,
    people,
    catalogue,
):
    client.force_login(people.commune_reporter)
    upload = fill(download(client), {"PROC_HANDLED": 321})
    response = client.post(
        "/indicators/entry/sheet/upload/",
        {"unit": "02233", "period": "2025-09", "file": upload},
        follow=True,
    )
    assert "Đã lưu 1 giá trị." in response.content.decode()  # the page speaks Vietnamese
    value = IndicatorValue.objects.get()
    assert (value.unit, value.period, value.value) == (tree.lam_binh, "2025-09", 321)


def test_a_bad_value_refuses_the_whole_sheet_and_names_row_and_column(
    client,
    tree,
    people,
    catalogue,
):
    client.force_login(people.commune_reporter)
    upload = fill(download(client), {"PROC_HANDLED": 5, "PROC_ON_TIME": "-3"})
    response = client.post(
        "/indicators/entry/sheet/upload/",
        {"unit": "02233", "period": "2025-09", "file": upload},
        follow=True,
    )
    page = response.content.decode()
    assert "Chưa lưu gì: 1 giá trị trong bảng cần sửa." in page
    assert f"cột {LETTER['value']} (“-3”)" in page
    assert not IndicatorValue.objects.exists()


def test_a_sheet_of_another_commune_is_refused_naming_the_cell(client, tree, people, catalogue):
    client.force_login(people.tq_manager)
    upload = fill(download(client, "unit=02236&period=2025-09"), {"PROC_HANDLED": 5})
    response = client.post(
        "/indicators/entry/sheet/upload/",
        {"unit": "02233", "period": "2025-09", "file": upload},
        follow=True,
    )
    assert "(trang tính ẩn “steerco”, ô B2)" in response.content.decode()
    assert not IndicatorValue.objects.exists()
