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


def test_a_bulk_rows_hash_is_the_one_its_values_give():
    """`linker` writes the canonical JSON itself: the same hash as `link` of the values
    for every kind of value a history row holds (text with quotes, accents and control
    characters, dates, moments in another zone, nothing, numbers, flags)."""
    from zoneinfo import ZoneInfo

    from steerco.lib.hashchain import linker, row_values
    from steerco.progress.models import HISTORY_ROW_FIELDS, ProgressUpdate

    key_of = {ProgressUpdate._meta.get_field(n).attname: n for n in HISTORY_ROW_FIELDS}
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    base = dict.fromkeys(HISTORY_ROW_FIELDS, "")
    rows = [
        {
            **base,
            "task": 12,
            "kind": "report",
            "reported_on": date(2025, 3, 10),
            "state": "in_progress",
            "percent": 40,
            "done": 'Đã "họp" \\ xong\n\t\x01 ✓',
            "product_date": None,
            "unit": None,
            "author": 3,
            "recorded_at": datetime(2025, 3, 10, 9, 30, 1, 250, tzinfo=hanoi),
            "idempotency_key": None,
            "backdated_by_manager": True,
            "needs_acceptance": False,
            "completed_on": None,
            "accepted_on": date(2025, 3, 11),
            "counted_completed_on": None,
        },
        {
            **base,
            "task": "12",  # converted as the field converts it
            "percent": True,
            "reported_on": date(2025, 1, 1),
            "recorded_at": datetime(2025, 1, 1, tzinfo=UTC),
            "product_date": None,
            "unit": 5,
            "author": None,
            "idempotency_key": None,
            "backdated_by_manager": False,
            "needs_acceptance": False,
            "completed_on": date(2025, 1, 1),
            "accepted_on": None,
            "counted_completed_on": date(2025, 1, 1),
        },
    ]
    link_row = linker(ProgressUpdate, key_of)
    # rows as tuples, the values in HISTORY_ROW_FIELDS' order
    at = {name: HISTORY_ROW_FIELDS.index(key) for name, key in key_of.items()}
    link_tuple = linker(ProgressUpdate, at)
    for row in rows:
        values = row_values(ProgressUpdate, lambda n, row=row: row[key_of[n]])
        assert link_row(GENESIS, row) == link(GENESIS, values)
        assert link_row("a" * 64, row) == link("a" * 64, values)
        as_tuple = tuple(row[name] for name in HISTORY_ROW_FIELDS)
        assert link_tuple("a" * 64, as_tuple) == link("a" * 64, values)
