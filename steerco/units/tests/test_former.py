"""The 63 provinces before the merger of 1 July 2025: loaded as predecessors, never peers."""

from datetime import date

import pytest

from steerco.scoring.peers import peer_set, peers_of
from steerco.scoring.ranking_table import ranking
from steerco.units.loading import load_vietnam_units
from steerco.units.models import Unit, UnitKind

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_former_provinces_are_loaded_under_their_successors():
    load_vietnam_units()
    former = Unit.objects.filter(kind=UnitKind.FORMER_PROVINCE)
    assert former.count() == 63
    ha_giang = Unit.objects.get(code="old-02")
    assert ha_giang.name == "Hà Giang (đến 30/6/2025)"
    assert ha_giang.ended_on == date(2025, 6, 30)
    tuyen_quang = Unit.objects.get(code="08")
    assert ha_giang.successor == tuyen_quang and ha_giang.parent == tuyen_quang
    assert set(tuyen_quang.predecessors.values_list("code", flat=True)) == {"old-02", "old-08"}
    # 11 provinces were unchanged, 23 were formed by merging 52
    sizes = [p.predecessors.count() for p in Unit.objects.filter(kind=UnitKind.PROVINCE)]
    assert sizes.count(1) == 11 and sum(n for n in sizes if n > 1) == 52
    assert Unit.objects.get(code="old-04").successor.code == "04"  # Cao Bằng unchanged


def test_loading_twice_changes_nothing_and_keeps_their_paths():
    load_vietnam_units()
    paths = dict(Unit.objects.values_list("code", "path"))
    again = load_vietnam_units()
    assert again.created == 0
    assert dict(Unit.objects.values_list("code", "path")) == paths


def test_former_provinces_are_not_ranked_among_the_34():
    load_vietnam_units()
    _, provinces = peer_set("provinces")
    assert len(provinces) == 34
    assert not [u for u in provinces if u.code.startswith("old-")]
    assert len(peers_of(Unit.objects.get(code="08"))) == 34
    _, under_tuyen_quang = peer_set("communes-of:08")
    assert len(under_tuyen_quang) == 124
    entries = ranking(provinces, date(2025, 10, 20))
    assert len(entries) == 34
    assert not [e for e in entries if e.unit.code.startswith("old-")]
