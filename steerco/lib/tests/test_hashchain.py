"""A hash chain names the first row that was changed, removed or inserted."""

from datetime import UTC, date, datetime
from decimal import Decimal

from steerco.lib.hashchain import GENESIS, ChainedRow, first_break, heads, link


def _chain(chain, values_list, start_id=1):
    rows, head = [], GENESIS
    for i, values in enumerate(values_list, start=start_id):
        row_hash = link(head, values)
        rows.append(ChainedRow(chain, i, head, row_hash, values))
        head = row_hash
    return rows


def test_an_intact_chain_has_no_break():
    rows = _chain(7, [{"percent": 10}, {"percent": 50}, {"percent": 100}])
    rows += _chain(8, [{"percent": 5}], start_id=4)
    assert first_break(rows) is None
    assert heads(rows) == {7: rows[2].row_hash, 8: rows[3].row_hash}


def test_a_changed_value_is_named():
    rows = _chain(7, [{"percent": 10}, {"percent": 50}, {"percent": 100}])
    rows[1] = ChainedRow(7, 2, rows[1].previous_hash, rows[1].row_hash, {"percent": 60})
    broken = first_break(rows)
    assert broken is not None and broken.row_id == 2 and "changed" in broken.reason


def test_a_removed_row_breaks_the_next_link():
    rows = _chain(7, [{"percent": 10}, {"percent": 50}, {"percent": 100}])
    del rows[1]
    broken = first_break(rows)
    assert broken is not None and broken.row_id == 3


def test_the_same_values_hash_the_same_whatever_their_order_and_types():
    a = {"on": date(2025, 10, 20), "at": datetime(2025, 10, 20, 2, 30, tzinfo=UTC)}
    b = {"at": datetime(2025, 10, 20, 2, 30, tzinfo=UTC), "on": date(2025, 10, 20)}
    assert link(GENESIS, a) == link(GENESIS, b)
    assert link(GENESIS, {"x": Decimal("1.50")}) == link(GENESIS, {"x": Decimal("1.5")})
