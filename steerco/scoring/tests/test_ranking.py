from steerco.scoring.ranking import competition_ranks, rank_with_change


def test_equal_values_share_a_rank_and_the_next_rank_is_skipped():
    ranks = competition_ranks({"a": 0.9, "b": 0.8, "c": 0.8, "d": 0.5})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_lower_is_better_ranks_the_smallest_first():
    assert competition_ranks({"a": 3, "b": 0, "c": 3}, higher_is_better=False) == {
        "b": 1,
        "a": 2,
        "c": 2,
    }


def test_units_without_a_value_come_last_together():
    assert competition_ranks({"a": None, "b": 0.1, "c": None}) == {"b": 1, "a": 2, "c": 2}


def test_change_counts_places_gained_since_the_previous_period():
    rows = {r.key: r for r in rank_with_change({"a": 0.9, "b": 0.5}, {"a": 0.1, "b": 0.7})}
    assert (rows["a"].rank, rows["a"].change) == (1, 1)
    assert (rows["b"].rank, rows["b"].change) == (2, -1)


def test_without_a_previous_period_there_is_no_change():
    (row,) = rank_with_change({"a": 1.0}, None)
    assert row.change is None
