import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steerco.lib.references import reference_key, reference_sort_key


@pytest.mark.parametrize(
    ("shuffled", "in_order"),
    [
        (["100", "11", "2", "10", "1.1", "1"], ["1", "1.1", "2", "10", "11", "100"]),
        (["1.10", "1.2", "1.1", "2.1", "10"], ["1.1", "1.2", "1.10", "2.1", "10"]),
        (["IV.1", "II.3", "I.12", "I.2", "IX", "V"], ["I.2", "I.12", "II.3", "IV.1", "V", "IX"]),
        (["1b", "1a", "10a", "2"], ["1a", "1b", "2", "10a"]),
        (["", "3", "a"], ["", "3", "a"]),
    ],
)
def test_task_references_sort_as_numbers_part_by_part(shuffled, in_order):
    assert sorted(shuffled, key=reference_sort_key) == in_order


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a shared machine
@given(st.lists(st.lists(st.integers(0, 999), min_size=1, max_size=4), max_size=12))
def test_dotted_references_sort_as_their_numbers_do(parts):
    references = [".".join(str(n) for n in p) for p in parts]
    by_key = sorted(references, key=reference_key)
    assert [reference_key(r) for r in by_key] == sorted(reference_key(r) for r in references)
    assert [tuple(int(x) for x in r.split(".")) for r in by_key] == sorted(tuple(p) for p in parts)
