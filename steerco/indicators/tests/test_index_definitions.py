"""Index definitions: located refusals, replacing a version, versions in force, and
stored results that keep their version."""

import json
from decimal import Decimal

import pytest

from steerco.indicators.indices.definitions import index_define, stored_method, version_in_force
from steerco.indicators.indices.models import Index, IndexResult, IndexVersion
from steerco.indicators.indices.selectors import index_table
from steerco.indicators.indices.services import results_store
from steerco.indicators.models import Indicator
from steerco.indicators.problems import IndicatorError
from steerco.indicators.services import value_record
from steerco.lib.calendar_periods import parse_calendar_period as P

from .conftest import SEED

FIXTURES = SEED.parent


def document(**changes):
    doc = {
        "code": "GREENX",
        "version": "1",
        "valid_from": "2024",
        "name": {"vi": "Chỉ số thử", "en": "Test index"},
        "missing": "zero",
        "pillars": [
            {
                "code": "FOREST",
                "name": {"vi": "Rừng", "en": "Forest"},
                "weight": 60,
                "indicators": [{"indicator": "FOREST_COVER", "weight": 1, "normalise": "minmax"}],
            },
            {
                "code": "DATA",
                "name": {"vi": "Dữ liệu", "en": "Data"},
                "weight": 40,
                "indicators": [{"indicator": "DATA_REUSE", "weight": 1, "normalise": "max"}],
            },
        ],
    }
    doc.update(changes)
    return doc


def define(doc, commit=True):
    return index_define(name="index.json", data=json.dumps(doc).encode(), commit=commit)


def problems(result):
    return [(p.column, p.value, p.message) for p in result.rejected]


@pytest.mark.parametrize("name", ["index_dti.json", "index_svc766.json"])
def test_the_shipped_methods_define_on_the_seed_catalogue(catalogue, name):
    data = (FIXTURES / name).read_bytes()
    assert index_define(name=name, data=data, commit=True).created == 1
    assert index_define(name=name, data=data, commit=True).unchanged == 1


def test_the_dti_has_1000_points_and_the_service_index_100(catalogue):
    for name in ("index_dti.json", "index_svc766.json"):
        index_define(name=name, data=(FIXTURES / name).read_bytes(), commit=True)
    scales = {v.index.code: stored_method(v).scale for v in IndexVersion.objects.all()}
    assert scales == {"DTI": 1000, "SVC766": 100}


def test_a_method_with_an_unknown_indicator_is_refused_where_it_names_it(catalogue):
    doc = document()
    doc["pillars"][1]["indicators"][0]["indicator"] = "NOPE"
    result = define(doc)
    assert problems(result) == [
        (
            "pillars[1].indicators[0].indicator",
            "NOPE",
            "unknown indicator; see `steerco indicators load`",
        )
    ]
    assert not Index.objects.exists()


def test_a_negative_weight_is_refused_where_it_is_given(catalogue):
    doc = document()
    doc["pillars"][0]["indicators"][0]["weight"] = -1
    assert problems(define(doc)) == [
        ("pillars[0].indicators[0].weight", "-1", "a weight may not be negative")
    ]


def test_thresholds_out_of_order_are_refused_at_the_pair_that_breaks_the_order(catalogue):
    doc = document()
    doc["pillars"][0]["indicators"][0]["normalise"] = {"points": [[90, 0.5], [80, 1]]}
    ((where, _, message),) = problems(define(doc))
    assert where == "pillars[0].indicators[0].normalise.points[1]"
    assert message == "thresholds out of order: 80 does not come after 90"


def test_an_unknown_normalisation_is_refused(catalogue):
    doc = document()
    doc["pillars"][1]["indicators"][0]["normalise"] = "zscore"
    ((where, value, message),) = problems(define(doc))
    assert (where, value) == ("pillars[1].indicators[0].normalise", "zscore")
    assert message.startswith("unknown normalisation")


def test_a_preview_writes_nothing(catalogue):
    assert define(document(), commit=False).created == 1
    assert not Index.objects.exists()


def test_a_version_without_results_is_replaced(catalogue):
    define(document())
    doc = document()
    doc["pillars"][0]["weight"] = 70
    assert define(doc).updated == 1
    assert stored_method(IndexVersion.objects.get()).scale == 110


def test_a_version_with_stored_results_is_refused_and_a_new_version_is_asked_for(catalogue, tree):
    define(document())
    version = IndexVersion.objects.get()
    IndexResult.objects.create(
        version=version, unit=tree.tuyen_quang, period="2024", source="computed", score=1
    )
    doc = document()
    doc["pillars"][0]["weight"] = 70
    ((where, _, message),) = problems(define(doc))
    assert where == "version"
    assert message.endswith("has stored results and cannot be changed; define a new version")


def test_a_period_is_computed_with_the_version_in_force_by_valid_from(catalogue):
    define(document(version="2024", valid_from="2024"))
    define(document(version="2025", valid_from="2025-07"))
    index = Index.objects.get()
    assert version_in_force(index, P("2025-06")).version == "2024"
    assert version_in_force(index, P("2025-07")).version == "2025"
    assert version_in_force(index, P("2025-07"), "2024").version == "2024"
    with pytest.raises(IndicatorError, match="no version of GREENX is in force for 2023"):
        version_in_force(index, P("2023"))


def test_a_stored_result_keeps_the_version_it_was_computed_with_after_a_new_version_is_defined(
    catalogue, tree
):
    forest = Indicator.objects.get(code="FOREST_COVER")
    for unit, value in ((tree.tuyen_quang, "65"), (tree.cao_bang, "55")):
        value_record(unit=unit, indicator=forest, period="2024", value=Decimal(value))
    define(document(version="1"))
    index = Index.objects.get()
    units = [tree.tuyen_quang, tree.cao_bang]
    first = index_table(index=index, period=P("2024"), units=units)
    results_store(version=first.version, period=P("2024"), scored=first.scored)
    doc = document(version="2")
    doc["pillars"][0]["weight"] = 30
    define(doc)
    second = index_table(index=index, period=P("2024"), units=units)
    assert second.version.version == "2"
    results_store(version=second.version, period=P("2024"), scored=second.scored)
    kept = IndexResult.objects.filter(unit=tree.tuyen_quang).order_by("version__version")
    assert [(r.version.version, r.score) for r in kept] == [("1", 60), ("2", 30)]
