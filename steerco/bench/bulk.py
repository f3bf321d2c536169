"""Forwarders to `steerco.lib.bulk`, the one bulk writer, for `bench/indicators.py`'s
positional rows: `insert` keys each row by the names given to `columns` and writes it
through `steerco.lib.bulk.insert`. Delete this module once `bench/indicators.py` writes
rows keyed by field name itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Model

from steerco.lib.bulk import analyze, next_id, reset_sequences
from steerco.lib.bulk import insert as insert_keyed

__all__ = ["Columns", "analyze", "columns", "insert", "next_id", "reset_sequences"]


class Columns(list[str]):
    """The columns of `names` on `model`, remembering both."""

    def __init__(self, model: type[Model], names: Sequence[str]):
        super().__init__(str(getattr(model._meta.get_field(n), "column", n)) for n in names)
        self.model, self.names = model, tuple(names)


def columns(model: type[Model], names: Sequence[str]) -> Columns:
    return Columns(model, names)


def insert(table: str, cols: Columns, rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (tuples in `cols` order) into `cols.model`'s table `table`."""
    assert table == cols.model._meta.db_table, table
    names = cols.names
    return insert_keyed(cols.model, names, (dict(zip(names, row, strict=True)) for row in rows))
