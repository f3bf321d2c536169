"""`steerco gen --multiply N`: N times the tasks of every kind, on the same units and
directives (issue 20: the pages stay flat as the nation grows)."""

import pytest

from steerco.bench.catalogue import SCALES, multiplied
from steerco.bench.generation import GenerationError, generate


def test_ten_times_the_nation_has_ten_times_the_tasks_of_every_kind_on_the_same_units():
    nation = SCALES["national"]
    bigger = multiplied(nation, 10)
    assert bigger.name == "nationalx10"
    assert bigger.provinces == nation.provinces
    for per_unit in (
        "central_share",
        "ministry_share",
        "dept_tasks",
        "commune_tasks",
        "commune_own",
    ):
        assert getattr(bigger, per_unit) == 10 * getattr(nation, per_unit)
    assert multiplied(nation, 1) is nation


def test_a_multiple_below_one_is_refused_before_anything_is_written():
    with pytest.raises(GenerationError, match="at least 1"):
        generate("small", 1, multiply=0)
