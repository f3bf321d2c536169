"""The ranks line the provincial meeting reads for Tuyên Quang: the demo's composite indices
(DTI, the Decision 766 service index) and its GREEN rate on Plan 02-KH/BCĐTW."""

from __future__ import annotations

import json
import random
from io import StringIO

import pytest
from django.core.management import call_command

from steerco.demo.indices import SEED, published_rows
from steerco.units.models import Unit, UnitKind

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(demo_dataset):
    return demo_dataset


def compute(index: str, period: str) -> list[dict]:
    out = StringIO()
    call_command(
        "index",
        "compute",
        "--index",
        index,
        "--period",
        period,
        "--peers",
        "provinces",
        "--json",
        stdout=out,
        stderr=StringIO(),
    )
    return json.loads(out.getvalue())


def test_the_demo_load_reports_its_indices(demo):
    assert "demo indices: 2 indices, 102 published scores" in demo


def test_tuyen_quang_is_22nd_of_34_on_the_2024_dti(demo):
    rows = compute("DTI", "2024")
    mine = next(r for r in rows if r["code"] == "08")
    assert (mine["rank"], len(rows), mine["source"]) == (22, 34, "published")
    assert set(mine["pillars"]) == {
        "AWARENESS",
        "INSTITUTIONS",
        "INFRASTRUCTURE",
        "WORKFORCE",
        "CYBERSECURITY",
        "DIGITAL_GOV",
        "DIGITAL_ECONOMY",
        "DIGITAL_SOCIETY",
    }


def test_tuyen_quang_is_14th_of_34_on_the_service_index_for_october_2025_up_two(demo):
    mine = next(r for r in compute("SVC766", "2025-10") if r["code"] == "08")
    assert (mine["rank"], mine["change"]) == (14, 2)


def test_tuyen_quang_is_15th_of_34_by_green_rate_on_plan_02_as_of_2025_10_22(demo):
    out = StringIO()
    call_command(
        "ranking",
        "--peers",
        "provinces",
        "--directive",
        "02-KH/BCĐTW",
        "--as-of",
        "2025-10-22",
        "--json",
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    mine = next(r for r in rows if r["code"] == "08")
    assert (mine["rank"], len(rows), mine["value"], mine["total"]) == (15, 34, 0.84, 25)
    ahead = [r for r in rows if r["value"] > mine["value"]]
    assert len(ahead) == 14 and all(r["rank"] < 15 for r in ahead)
    assert not [r for r in rows if r["value"] == mine["value"] and r["code"] != "08"]


def test_the_published_pillars_add_up_to_the_score(demo):
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("code"))
    for row in published_rows(random.Random(SEED), provinces):
        pillars = sum(
            float(v) for k, v in row.items() if k not in ("unit", "index", "period", "score")
        )
        assert round(pillars, 2) == float(row["score"])
