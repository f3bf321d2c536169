"""The reason under an empty figure is worded in the page's language."""

from __future__ import annotations

import pytest

from steerco.indicators.imports import catalogue_load
from steerco.indicators.tests.conftest import SEED

FOREST_IN_A_MONTH = "/indicators/FOREST_COVER/?unit=08&period=2025-09"


@pytest.fixture
def catalogue(db):  # type: ignore[no-untyped-def]
    catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)


def test_the_vietnamese_page_says_why_a_figure_is_empty_in_vietnamese(
    client, tree, people, catalogue
):
    client.force_login(people.tq_manager)
    page = client.get(FOREST_IN_A_MONTH).content.decode()
    assert "FOREST_COVER được theo dõi theo năm; kỳ 2025-09 ngắn hơn" in page
    assert "is kept by" not in page


def test_the_english_page_says_it_in_english(client, tree, people, catalogue):
    client.force_login(people.tq_manager)
    client.post("/language/", {"language": "en", "next": "/"})
    page = client.get(FOREST_IN_A_MONTH).content.decode()
    assert "FOREST_COVER is kept by year; 2025-09 is shorter" in page


def test_a_month_without_entries_reads_chua_nhap_so_lieu(client, tree, people, catalogue):
    client.force_login(people.commune_reporter)
    page = client.get("/indicators/PROC_HANDLED/?unit=02233&period=2025-09").content.decode()
    assert "chưa nhập số liệu" in page
