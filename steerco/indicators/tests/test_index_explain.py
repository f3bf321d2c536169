"""'Why this rank' (pure): contributions add up, points lost, and what passes the unit above."""

from decimal import Decimal as D

from steerco.indicators.indices.explain import explain
from steerco.indicators.indices.method import Method, Part, PillarMethod
from steerco.indicators.indices.scoring import Inputs, Peer, score_peers

PEERS = [Peer(1, "A", "An Giang"), Peer(2, "B", "Bắc Ninh"), Peer(3, "C", "Cà Mau")]


def method(missing="zero"):
    return Method(
        "T",
        "1",
        "2024",
        "T",
        "",
        missing,
        (
            PillarMethod(
                "P1",
                "P1",
                "",
                D(60),
                (
                    Part("X", D(1), "minmax"),
                    Part("Y", D(1), "points", ((D(90), D("0.5")), (D(99), D(1)))),
                ),
            ),
            PillarMethod("P2", "P2", "", D(40), (Part("Z", D(1), "max"),)),
        ),
    )


VALUES = {
    ("X", 1): D(10),
    ("X", 2): D(5),
    ("X", 3): D(0),
    ("Y", 1): D(99),
    ("Y", 2): D(95),
    ("Y", 3): D(80),
    ("Z", 1): D(50),
    ("Z", 2): D(40),
    ("Z", 3): D(50),
}


def scored(missing="zero", values=VALUES):
    return score_peers(method(missing), PEERS, Inputs(values, {}, {}))


def test_the_contributions_add_up_to_the_pillars_and_the_pillars_to_the_score():
    why = explain(scored(), 2)
    assert why.row.score == D("62.00")  # 60 x (0.5 + 0.5) / 2 + 40 x 0.8
    assert sum(p.score for p in why.pillars) == why.row.exact
    for p in why.pillars:
        assert sum(i.points for i in p.parts) == p.score


def test_points_lost_are_against_the_first_overall_and_the_best_peer_on_each_indicator():
    why = explain(scored(), 2)
    assert why.lost == D(38)  # A scores 100
    x, y = why.pillars[0].parts
    assert (x.lost, y.lost) == (D(15), D(15))


def test_the_first_has_nobody_to_pass():
    assert explain(scored(), 1).step is None


def test_to_pass_the_unit_above_it_names_the_indicator_with_the_fewest_points_missing():
    # C: X 0, Y 0 (80 < 90), Z 1 -> 40; B is 22 points above it with 62.
    step = explain(scored(), 3).step
    assert step is not None and step.above.peer.code == "B"
    assert step.gap == D(22)
    # X and Y can each give 30 (both enough); equally few missing: the first, X, needing
    # 22.005 of its 30 points: a score of 0.7336, a value of 7.34 against the peers' 0 to 10.
    assert (step.indicator, step.score_to, step.value_from, step.value_to) == (
        "X",
        D("0.7336"),
        D(0),
        D("7.34"),
    )


def test_a_threshold_indicator_needs_a_threshold_value():
    # B: X 1 -> 30, Y 0.5 -> 15, Z 0.4 -> 16: 61; C: X 0, Y 1 -> 30, Z 1 -> 40: 70.
    values = {**VALUES, ("X", 2): D(10), ("Z", 2): D(20), ("Y", 3): D(99)}
    step = explain(scored(values=values), 2).step
    assert step is not None and step.above.peer.code == "C"
    # X has nothing missing; Y misses 15 points, Z 24: Y, at its top threshold
    assert (step.indicator, step.score_to, step.value_to) == ("Y", D(1), D(99))


def test_under_reweight_a_unit_with_no_value_is_explained_without_a_rank_or_a_step():
    values = {k: v for k, v in VALUES.items() if k[1] != 3}
    why = explain(scored("reweight", values), 3)
    assert (why.row.rank, why.step) == (None, None)
