"""Aggregation up the tree in SQL, for many peers at once: the twin of `aggregation.py`
for what a peer set reads (34 provinces x 50 indicators x 12 months).

The pure evaluator reads every child's latest value; at national scale that is two
million rows. Here each write keeps a summary per (indicator, period, parent unit, child
kind) of its children's latest values — count, sum, smallest, largest —
(`summaries_refresh`, called by the services in the write's transaction), and a peer's
aggregate is combined from its summary rows: a sum from the sums, a mean from the sums
and counts, a minimum from the smallest. So the read is a few small queries, whatever
the number of communes.

`peer_figures` answers what `Evaluator.figure` answers for each peer, indicator and
period of the indicator's own type, when the units a peer aggregates are its children
(no reporting unit deeper than them, as in the Vietnamese tree); otherwise, and for
longer periods, it asks the evaluator. `tests/test_aggregation_sql.py` proves the two
agree. One difference: for a ratio or formula, `reported` is the fewest children that
reported any of its inputs (the evaluator counts children whose own ratio has a value).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Max

from steerco.lib.calendar_periods import CalendarPeriod
from steerco.lib.replicas import read_connection
from steerco.units.models import Unit

from . import formula as formulas
from .aggregation import Evaluator, Facts, Figure, apply_computed, missing_reason
from .catalogue import IndicatorSpec, evaluation_order
from .models import Indicator, IndicatorValue, ValueSummary

VALUES = IndicatorValue._meta.db_table
UNITS = Unit._meta.db_table
SUMMARY = ValueSummary._meta.db_table

# The latest version of each value: no later version of the same unit x indicator x period.
_LATEST = (
    f"NOT EXISTS (SELECT 1 FROM {VALUES} w WHERE w.indicator_id = v.indicator_id "  # noqa: S608
    "AND w.unit_id = v.unit_id AND w.period = v.period AND w.version > v.version)"
)


def _in(column: str, values: Iterable[int | str] | None, params: list[int | str]) -> str:
    if values is None:
        return ""
    values = sorted(set(values), key=str)
    params.extend(values)
    return f" AND {column} IN ({', '.join(['%s'] * len(values))})" if values else " AND 1 = 0"


def summaries_refresh(
    *,
    indicator_ids: Iterable[int] | None = None,
    periods: Iterable[str] | None = None,
    parent_ids: Iterable[int] | None = None,
) -> None:
    """Recompute the summaries of every (indicator, period, parent) in the product of the
    given sets (None: all) from the latest values. Call it in the write's transaction."""
    where: list[int | str] = []
    conditions = (
        _in("indicator_id", indicator_ids, where)
        + _in("period", periods, where)
        + _in("parent_id", parent_ids, where)
    )
    # The latest versions as a grouped table joined back, not the NOT EXISTS of _LATEST: a
    # bulk refresh right after a bulk load runs before PostgreSQL has statistics on the new
    # rows, and the anti-join it then planned took minutes for 60,000 values.
    latest_params: list[int | str] = []
    latest_conditions = _in("indicator_id", indicator_ids, latest_params) + _in(
        "period", periods, latest_params
    )
    latest_versions = (
        "SELECT indicator_id, unit_id, period, MAX(version) AS version "  # noqa: S608
        f"FROM {VALUES} WHERE 1 = 1{latest_conditions} GROUP BY indicator_id, unit_id, period"
    )
    params: list[int | str] = []
    select_conditions = (
        _in("v.indicator_id", indicator_ids, params)
        + _in("v.period", periods, params)
        + _in("u.parent_id", parent_ids, params)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SUMMARY} WHERE 1 = 1{conditions}", where)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {SUMMARY} "  # noqa: S608 - table names and placeholders only
            "(indicator_id, period, parent_id, kind, count, total, smallest, largest) "
            "SELECT v.indicator_id, v.period, u.parent_id, u.kind, COUNT(*), SUM(v.value), "
            "MIN(v.value), MAX(v.value) "
            f"FROM {VALUES} v JOIN {UNITS} u ON u.id = v.unit_id "
            f"JOIN ({latest_versions}) latest ON latest.indicator_id = v.indicator_id "
            "AND latest.unit_id = v.unit_id AND latest.period = v.period "
            "AND latest.version = v.version "
            f"WHERE u.parent_id IS NOT NULL{select_conditions} "
            "GROUP BY v.indicator_id, v.period, u.parent_id, u.kind",
            latest_params + params,
        )


def summary_refresh(*, indicator_id: int, period: str, parent_id: int) -> None:
    """Recompute the summaries of one indicator, period and parent in one statement (the
    write of one value: its group gains a value or a version, never loses one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SUMMARY} "  # noqa: S608 - table names and placeholders only
            "(indicator_id, period, parent_id, kind, count, total, smallest, largest) "
            "SELECT v.indicator_id, v.period, u.parent_id, u.kind, COUNT(*), SUM(v.value), "
            "MIN(v.value), MAX(v.value) "
            f"FROM {VALUES} v JOIN {UNITS} u ON u.id = v.unit_id "
            f"WHERE v.indicator_id = %s AND v.period = %s AND u.parent_id = %s AND {_LATEST} "
            "GROUP BY v.indicator_id, v.period, u.parent_id, u.kind "
            "ON CONFLICT (indicator_id, period, parent_id, kind) DO UPDATE SET "
            "count = excluded.count, total = excluded.total, smallest = excluded.smallest, "
            "largest = excluded.largest",
            [indicator_id, period, parent_id],
        )


def summaries_refresh_for(rows: Iterable[tuple[int, int | None, str]]) -> None:
    """Refresh the summaries touched by values written as (indicator id, the unit's parent
    id, period)."""
    rows = [(i, p, t) for i, p, t in rows if p is not None]
    if rows:
        summaries_refresh(
            indicator_ids={i for i, _, _ in rows},
            periods={t for _, _, t in rows},
            parent_ids={p for _, p, _ in rows if p is not None},
        )


_SIX = Decimal("0.000001")


def _decimal(value: object) -> Decimal:
    """A summary's number as read: PostgreSQL gives decimals, SQLite integers or floats."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    exact = Decimal(str(value))
    return exact if exact.as_tuple().exponent >= -6 else exact.quantize(_SIX)  # type: ignore[operator]


# A summary row as read: (count, total, smallest, largest), numbers not yet converted.
Row = tuple[int, object, object, object]


def _combine(method: str, rows: Sequence[Row]) -> Decimal | None:
    """`aggregation.combine` over the values the summary rows count."""
    if len(rows) == 1:
        n, total, low, high = rows[0]
        if not n or method == "none":
            return None
        if method == "sum":
            return _decimal(total)
        if method == "mean":
            return _decimal(total) / n
        return _decimal(low if method == "min" else high)
    n = sum(r[0] for r in rows)
    if not n or method == "none":
        return None
    if method in ("sum", "mean"):
        total = sum((_decimal(r[1]) for r in rows), Decimal(0))
        return total if method == "sum" else total / n
    if method == "min":
        return min(_decimal(r[2]) for r in rows)
    return max(_decimal(r[3]) for r in rows)


def peer_figures(
    *,
    peers: Sequence[Unit],
    specs: dict[str, IndicatorSpec],
    codes: Sequence[str],
    periods: Sequence[CalendarPeriod],
) -> dict[tuple[str, int, str], Figure]:
    """Each peer's figure of each indicator for each period, keyed by (code, peer id,
    period text), as `Evaluator.figure` gives it on the live values."""
    from .selectors import entered_closure

    closure = {c for code in codes for c in entered_closure(specs, code)}
    # the peers aggregate their children only: a reporting kind is named, none lies deeper
    deep = _deep_kinds(peers) if peers else set()
    summarised = {
        c
        for c in closure
        if specs[c].kind == "entered" and specs[c].levels and not deep & set(specs[c].levels)
    }

    def answerable(code: str, period: CalendarPeriod) -> bool:
        return all(
            c in summarised and str(period.type) == specs[c].period_type
            for c in entered_closure(specs, code)
            if specs[c].kind == "entered"
        )

    result: dict[tuple[str, int, str], Figure] = {}
    children = _children(peers) if summarised else {}
    if summarised and peers:
        result.update(_from_summaries(peers, children, specs, sorted(summarised), periods))
    for code in evaluation_order({c: specs[c] for c in closure}):
        if specs[code].kind != "entered":
            for period in periods:
                if answerable(code, period):
                    for peer in peers:
                        key = (code, peer.pk, str(period))
                        expected = sum(
                            n
                            for k, n in children.get(peer.pk, {}).items()
                            if not specs[code].levels or k in specs[code].levels
                        )
                        result[key] = _computed(specs[code], peer.pk, period, result, expected)
    slow = [(c, p) for c in codes for p in periods if not answerable(c, p)]
    if slow:
        result.update(_evaluated(peers, specs, slow))
    wanted = set(codes)
    return {k: v for k, v in result.items() if k[0] in wanted}


def _deep_kinds(peers: Sequence[Unit]) -> set[str]:
    """The kinds of the units deeper than the peers' children (one query)."""
    depth = max(p.depth for p in peers)
    return set(Unit.objects.filter(depth__gt=depth + 1).values_list("kind", flat=True).distinct())


def _children(peers: Sequence[Unit]) -> dict[int, dict[str, int]]:
    """How many children of each kind each peer has (those that ended left out)."""
    children: dict[int, dict[str, int]] = {}
    for parent, kind, n in (
        Unit.objects.filter(parent_id__in=[p.pk for p in peers], ended_on__isnull=True)
        .values_list("parent_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        children.setdefault(parent, {})[kind] = n
    return children


def _from_summaries(
    peers: Sequence[Unit],
    children: dict[int, dict[str, int]],
    specs: dict[str, IndicatorSpec],
    codes: list[str],
    periods: Sequence[CalendarPeriod],
) -> dict[tuple[str, int, str], Figure]:
    ids = [p.pk for p in peers]
    texts = sorted({str(p) for p in periods})
    code_of = dict(Indicator.objects.filter(code__in=codes).values_list("pk", "code"))
    summaries = _summaries(code_of, texts, ids)
    own = _own_values(codes, texts, ids)
    ended = _absorbed(ids)
    result: dict[tuple[str, int, str], Figure] = {}
    ends = {str(p): p.ends_on for p in periods}  # once: a figure asks it of every peer
    expected_by_levels: dict[frozenset[str], dict[int, int]] = {}  # most indicators share theirs
    for code in codes:
        spec = specs[code]
        levels = frozenset(spec.levels)
        if levels not in expected_by_levels:
            expected_by_levels[levels] = {
                pk: sum(n for k, n in children.get(pk, {}).items() if k in levels) for pk in ids
            }
        expected_of = expected_by_levels[levels]
        for period in periods:
            text = str(period)
            if str(period.type) != spec.period_type:
                continue
            for pk in ids:
                result[code, pk, text] = _figure(
                    spec,
                    (period, ends[text]),
                    levels,
                    summaries.get((code, pk, text), {}),
                    own.get((code, pk, text)),
                    ended.get(pk),
                    expected_of[pk],
                )
    return result


def _summaries(
    code_of: dict[int, str], texts: list[str], ids: list[int]
) -> dict[tuple[str, int, str], dict[str, Row]]:
    """The summary rows of the peers' children, by indicator, peer and period, then by
    kind of child (one query)."""
    params: list[int | str] = []
    where = (
        _in("indicator_id", code_of, params)
        + _in("period", texts, params)
        + _in("parent_id", ids, params)
    )
    summaries: dict[tuple[str, int, str], dict[str, Row]] = {}
    with read_connection.cursor() as cursor:  # a replica's page: the replica
        cursor.execute(
            "SELECT indicator_id, parent_id, period, kind, count, total, smallest, largest "  # noqa: S608
            f"FROM {SUMMARY} WHERE 1 = 1{where}",
            params,
        )
        for indicator_id, parent, text, kind, n, total, low, high in cursor.fetchall():
            summaries.setdefault((code_of[indicator_id], parent, text), {})[kind] = (
                n,
                total,
                low,
                high,
            )
    return summaries


def _own_values(
    codes: list[str], texts: list[str], ids: list[int]
) -> dict[tuple[str, int, str], Decimal]:
    """The peers' own values (the latest version of each), by indicator, peer and period."""
    own: dict[tuple[str, int, str], Decimal] = {}
    for code, unit_id, text, entry in (
        IndicatorValue.objects.filter(indicator__code__in=codes, period__in=texts, unit_id__in=ids)
        .order_by("version")
        .values_list("indicator__code", "unit_id", "period", "value")
    ):
        own[code, unit_id, text] = entry
    return own


def _absorbed(ids: list[int]) -> dict[int, tuple[date, int]]:
    """For each peer that took over ended units: the latest day one ended, and how many."""
    return {
        s: (e, n)
        for s, e, n in Unit.objects.filter(successor_id__in=ids, ended_on__isnull=False)
        .values_list("successor_id")
        .annotate(e=Max("ended_on"), n=Count("id"))
        .values_list("successor_id", "e", "n")
        .order_by()
    }


def _figure(
    spec: IndicatorSpec,
    period_ending: tuple[CalendarPeriod, date],
    levels: frozenset[str],
    groups: dict[str, Row],
    mine: Decimal | None,
    before: tuple[date, int] | None,
    expected: int,
) -> Figure:
    """One peer's figure for one period (with the day it ends): the former province's
    aggregate for a period that ended before the units it absorbed did, else its own value
    or its children's (those of the kinds in `levels`, the indicator's reporting levels)."""
    period, ends_on = period_ending
    if before and mine is None and ends_on <= before[0]:
        former = groups.get("former_province")
        if former and former[0]:
            value = _combine(spec.aggregation, [former])
            reason = "" if value is not None else missing_reason(spec, period, True)
            return Figure(value, None, value, former[0], before[1], reason)
    reporting = [r for k, r in groups.items() if k in levels]
    aggregate = _combine(spec.aggregation, reporting) if reporting else None
    value = mine if mine is not None else aggregate
    reason = "" if value is not None else missing_reason(spec, period, bool(expected))
    reported = sum(r[0] for r in reporting)
    return Figure(value, mine, aggregate, reported, expected, reason)


def _computed(
    spec: IndicatorSpec,
    pk: int,
    period: CalendarPeriod,
    known: dict[tuple[str, int, str], Figure],
    expected: int,
) -> Figure:
    """A ratio or formula from its inputs' figures, as `Evaluator._computed` makes it."""
    text = str(period)
    inputs = {code: known[code, pk, text] for code in sorted(spec.reads)}
    tree = formulas.parse(spec.formula) if spec.kind == "formula" else None
    parts = [
        apply_computed(spec, {code: getattr(f, part) for code, f in inputs.items()}, tree)
        for part in ("value", "own", "aggregate")
    ]
    reported = min((f.reported for f in inputs.values()), default=0) if expected else 0
    reason = parts[0].reason or next((f.reason for f in inputs.values() if f.reason), "")
    return Figure(
        parts[0].value,
        parts[1].value,
        parts[2].value,
        reported,
        expected,
        "" if parts[0].value is not None else reason,
    )


def _evaluated(
    peers: Sequence[Unit],
    specs: dict[str, IndicatorSpec],
    wanted: list[tuple[str, CalendarPeriod]],
) -> dict[tuple[str, int, str], Figure]:
    """The pure evaluator over each peer's subtree, for what the summaries cannot answer."""
    from .selectors import entered_closure, latest_entries, subtree_nodes

    result = {}
    for peer in peers:
        for code, period in wanted:
            facts = Facts(
                specs,
                subtree_nodes(peer),
                latest_entries(specs, entered_closure(specs, code), peer, period),
            )
            result[code, peer.pk, str(period)] = Evaluator(facts).figure(code, peer.path, period)
    return result
