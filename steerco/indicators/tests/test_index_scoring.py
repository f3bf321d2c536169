"""An index's scores and ranks (pure): each normalisation, both missing rules, rounding
and ties, as the issue states them."""

from decimal import Decimal as D

import pytest

from steerco.indicators.indices.method import Method, Part, PillarMethod
from steerco.indicators.indices.scoring import Inputs, Peer, normalise, score_peers


def part(normalise="minmax", thresholds=(), indicator="X", weight=1):
    return Part(indicator, D(weight), normalise, tuple((D(t), D(s)) for t, s in thresholds))


def score(p, value, present=(), target=None, lower=False):
    got, _ = normalise(
        p,
        None if value is None else D(value),
        present=[D(v) for v in present],
        target=None if target is None else D(target),
        lower=lower,
    )
    return got


def test_minmax_places_a_value_between_the_peers_lowest_and_highest():
    assert score(part(), 60, [20, 60, 120]) == D("0.4")
    assert score(part(), 60, [20, 60, 120], lower=True) == D("0.6")


def test_minmax_gives_1_when_every_peer_has_the_same_value():
    assert score(part(), 7, [7, 7]) == 1


def test_max_is_a_share_of_the_best_peer_and_lower_is_better_inverts_it():
    assert score(part("max"), 30, [30, 60]) == D("0.5")
    assert score(part("max"), 60, [30, 60], lower=True) == D("0.5")


def test_max_gives_1_for_a_best_of_0_or_a_value_of_0_when_lower_is_better():
    assert score(part("max"), 0, [0, 0]) == 1
    assert score(part("max"), 0, [0, 5], lower=True) == 1


def test_max_refuses_to_score_a_negative_value():
    p = part("max")
    got, warning = normalise(p, D(-1), present=[D(-1), D(4)], target=None, lower=False)
    assert got is None and "negative" in warning


def test_target_is_a_share_of_the_units_target_capped_at_1():
    assert score(part("target"), 40, target=80) == D("0.5")
    assert score(part("target"), 120, target=80) == 1
    assert score(part("target"), 100, target=80, lower=True) == D("0.8")
    assert score(part("target"), 0, target=80, lower=True) == 1


def test_a_unit_without_a_target_has_a_missing_score():
    assert score(part("target"), 40, target=None) is None


def test_points_give_the_score_of_the_highest_threshold_reached():
    p = part("points", [(90, "0.5"), (99, 1)])
    assert [score(p, v) for v in (89, 90, 98.9, 99, 100)] == [0, D("0.5"), D("0.5"), 1, 1]


def test_points_when_lower_is_better_give_the_score_of_the_lowest_threshold_not_exceeded():
    p = part("points", [(2, 1), (5, "0.5")])
    assert [score(p, v, lower=True) for v in (1, 2, 3, 5, 6)] == [1, 1, D("0.5"), D("0.5"), 0]


def test_raw_is_already_a_score_and_is_clamped_with_a_warning():
    assert score(part("raw"), "0.7") == D("0.7")
    got, warning = normalise(part("raw"), D("1.3"), present=[], target=None, lower=False)
    assert got == 1 and "taken as 1" in warning


# --- pillars, missing rules, rounding, ties -------------------------------------------

PEERS = [
    Peer(1, "A", "An Giang"),
    Peer(2, "B", "Bắc Ninh"),
    Peer(3, "C", "Cà Mau"),
    Peer(4, "D", "Đà Nẵng"),
]


def method(missing="zero", pillars=None):
    pillars = pillars or (
        PillarMethod(
            "P1",
            "P1",
            "",
            D(60),
            (part("raw", indicator="X"), part("raw", indicator="Y", weight=3)),
        ),
        PillarMethod("P2", "P2", "", D(40), (part("raw", indicator="Z"),)),
    )
    return Method("T", "1", "2024", "T", "", missing, pillars)


def run(m, values):
    inputs = Inputs({k: D(str(v)) for k, v in values.items()}, {}, {})
    return {r.peer.code: r for r in score_peers(m, PEERS, inputs).rows}


def test_a_pillar_scores_its_weight_times_the_weighted_mean_of_its_scores():
    rows = run(method(), {("X", 1): 1, ("Y", 1): "0.5", ("Z", 1): "0.25"})
    # P1 = 60 x (1 x 1 + 3 x 0.5) / 4 = 37.5; P2 = 40 x 0.25 = 10
    assert rows["A"].pillars["P1"].score == D("37.50")
    assert rows["A"].score == D("47.50")


def test_under_zero_a_missing_score_counts_0_and_a_unit_with_no_value_is_ranked_last_with_0():
    rows = run(method("zero"), {("X", 1): 1, ("Y", 1): 1, ("Z", 1): 1, ("X", 2): 1})
    assert rows["B"].score == D("15.00")  # 60 x 1/4
    assert (rows["C"].score, rows["C"].rank) == (0, 3)
    assert (rows["D"].score, rows["D"].rank) == (0, 3)


def test_under_reweight_a_pillar_averages_only_the_scores_present():
    rows = run(method("reweight"), {("X", 1): 1, ("Y", 1): 1, ("Z", 1): 1, ("X", 2): 1})
    assert rows["B"].pillars["P1"].score == D("60.00")
    assert rows["B"].pillars["P2"].score == 0  # a pillar with no score scores 0
    assert rows["B"].score == D("60.00")


def test_a_unit_with_no_value_at_all_under_reweight_is_listed_without_a_rank():
    scored = score_peers(method("reweight"), PEERS, Inputs({("X", 1): D(1)}, {}, {}))
    listed = [(r.peer.code, r.rank, r.score) for r in scored.rows]
    assert listed[0] == ("A", 1, D("60.00"))
    assert listed[1:] == [("B", None, None), ("C", None, None), ("D", None, None)]


def test_two_provinces_with_equal_scores_share_2nd_and_the_next_is_4th():
    rows = run(method(), {("Z", 1): 1, ("Z", 2): "0.5", ("Z", 3): "0.5", ("Z", 4): "0.1"})
    assert [rows[c].rank for c in "ABCD"] == [1, 2, 2, 4]


def test_scores_are_rounded_to_two_decimals_before_ranking_so_a_hair_apart_is_a_tie():
    rows = run(method(), {("Z", 1): "0.50001", ("Z", 2): "0.50002"})
    assert rows["A"].score == rows["B"].score == D("20.00")
    assert rows["A"].rank == rows["B"].rank == 1


def test_ties_are_listed_by_unit_name():
    m = method()
    scored = score_peers(
        m, list(reversed(PEERS)), Inputs({("Z", p.id): D("0.5") for p in PEERS}, {}, {})
    )
    assert [r.peer.name for r in scored.rows] == ["An Giang", "Bắc Ninh", "Cà Mau", "Đà Nẵng"]


def test_pillars_are_ranked_among_the_peers_too():
    rows = run(method(), {("X", 1): 1, ("Z", 2): 1, ("Z", 1): "0.5"})
    assert (rows["A"].pillars["P1"].rank, rows["B"].pillars["P2"].rank) == (1, 1)
    assert rows["A"].pillars["P2"].rank == 2


@pytest.mark.parametrize("missing", ["zero", "reweight"])
def test_the_index_is_on_the_scale_of_its_pillars_weights(missing):
    rows = run(method(missing), {(c, 1): 1 for c in "XYZ"})
    assert rows["A"].score == method().scale == 100
