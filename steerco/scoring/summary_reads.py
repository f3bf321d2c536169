"""Reading today's counts from the summaries (`summaries.py`): sums over summary rows,
corrected for the tasks still pending, in one statement — one snapshot of the database,
whatever a fold commits meanwhile.

Each statement is a UNION ALL of three parts, each limited to the units of a path range
(so a commune's figures read its own few rows, not the nation's): the summary rows, the
counted keys of the pending tasks taken out, the pending tasks classified afresh by the
live query (`summaries._classified`) put in. A count of every directive and field reads
the unit summaries (one row a lead unit); a scope of directives or a field reads the
class summaries (a row per lead unit, directive, field, class and status).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from steerco.lib.replicas import read_connection as connection

from .scope import Scope
from .summaries import (
    CLASS_COLUMNS,
    COUNTED,
    PENDING,
    STATUS_COLUMNS,
    SUMMARY,
    UNITS,
    WIDE,
    classified_sql,
    wide_cases,
)

IN_RANGE = "u.path >= %s AND u.path < %s"


@dataclass
class Tally:
    """A peer's counts: by class and by reporting status (on_time, late, missing)."""

    classes: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)


def _scope_sql(scope: Scope, directive: str, field_column: str) -> tuple[str, list[Any]]:
    where, params = "", []  # type: tuple[str, list[Any]]
    if scope.directive_ids is not None:
        ids = sorted(scope.directive_ids) or [0]
        where += f" AND {directive} IN ({', '.join(['%s'] * len(ids))})"
        params.extend(ids)
    if scope.field:
        where += f" AND {field_column} = %s"
        params.append(scope.field)
    return where, params


# Selected beside every row: the summaries' day the statement read them as of. A rebuild
# for another day committed between the caller's check and the read shows here, and the
# caller counts from the tasks instead.
DAY = "(SELECT day FROM scoring_summaryday WHERE id = 1)"


def _fetch(sql: str, params: list[Any], day: date) -> list[tuple] | None:
    """The rows (without the day column), or None when they were read as of another day."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if any(str(row[-1])[:10] != day.isoformat() for row in rows):
        return None
    return [row[:-1] for row in rows]


def peer_tallies(
    day: date, *, low: str, high: str, length: int, scope: Scope
) -> dict[str, Tally] | None:
    """Each peer's tally (the peer being the first `length` characters of the lead unit's
    path) for the tasks led within the path range [low, high) in `scope`; None when the
    summaries turned out to be of another day."""
    if scope.directive_ids is None and not scope.field:
        return _peer_tallies_all(day, low=low, high=high, length=length)
    rows = _long_rows(
        day,
        select="substr(x.path, 1, %s), x.task_class, x.status",
        first=[length],
        group="1, 2, 3",
        low=low,
        high=high,
        scope=scope,
    )
    if rows is None:
        return None
    result: dict[str, Tally] = {}
    for peer, task_class, status, n in rows:
        if not n:
            continue
        tally = result.setdefault(peer, Tally())
        tally.classes[task_class] = tally.classes.get(task_class, 0) + int(n)
        if status:
            tally.statuses[status] = tally.statuses.get(status, 0) + int(n)
    return result


def _peer_tallies_all(day: date, *, low: str, high: str, length: int) -> dict[str, Tally] | None:
    pending_sql, pending_params = classified_sql("pending", day)
    counted = ", ".join(f"-({case})" for case in wide_cases("c.task_class", "c.status"))
    fresh = ", ".join(wide_cases("k.task_class", "k.status"))
    sql = (
        f"SELECT substr(x.path, 1, %s), {', '.join(f'SUM({c})' for c in WIDE)}, {DAY} FROM ("  # noqa: S608
        f"SELECT u.path AS path, {', '.join(f's.{c} AS {c}' for c in WIDE)} "
        f"FROM {UNITS} s JOIN units_unit u ON u.id = s.unit_id WHERE {IN_RANGE} "
        f"UNION ALL SELECT u.path, {counted} FROM {COUNTED} c "
        f"JOIN units_unit u ON u.id = c.unit_id "
        f"WHERE c.task_id IN (SELECT task_id FROM {PENDING}) AND {IN_RANGE} "
        f"UNION ALL SELECT u.path, {fresh} FROM ({pending_sql}) k "
        f"JOIN units_unit u ON u.id = k.k_unit WHERE {IN_RANGE}"
        f") x GROUP BY 1"
    )
    rows = _fetch(sql, [length, low, high, low, high, *pending_params, low, high], day)
    if rows is None:
        return None
    result: dict[str, Tally] = {}
    n_classes = len(CLASS_COLUMNS)
    for peer, *sums in rows:
        result[peer] = Tally(
            classes={c: int(n) for c, n in zip(CLASS_COLUMNS, sums[:n_classes], strict=True)},
            statuses={
                status: int(n)
                for status, n in zip(STATUS_COLUMNS.values(), sums[n_classes:], strict=True)
            },
        )
    return result


def _long_rows(
    day: date,
    *,
    select: str,
    first: list[Any],
    group: str,
    low: str,
    high: str,
    scope: Scope,
) -> list[tuple] | None:
    """Rows of `select` (over x.path, x.directive_id, x.task_class, x.status) and the
    count, from the class summaries corrected for the pending tasks."""
    pending_sql, pending_params = classified_sql("pending", day)
    s_scope, s_params = _scope_sql(scope, "s.directive_id", "s.field")
    c_scope, c_params = _scope_sql(scope, "c.directive_id", "c.field")
    k_scope, k_params = _scope_sql(scope, "k.k_directive", "k.k_field")
    sql = (
        f"SELECT {select}, SUM(x.n), {DAY} FROM ("  # noqa: S608
        f"SELECT u.path AS path, s.directive_id AS directive_id, s.task_class AS task_class, "
        f"s.status AS status, s.n AS n FROM {SUMMARY} s JOIN units_unit u ON u.id = s.unit_id "
        f"WHERE {IN_RANGE}{s_scope} "
        f"UNION ALL SELECT u.path, c.directive_id, c.task_class, c.status, -1 FROM {COUNTED} c "
        f"JOIN units_unit u ON u.id = c.unit_id "
        f"WHERE c.task_id IN (SELECT task_id FROM {PENDING}) AND {IN_RANGE}{c_scope} "
        f"UNION ALL SELECT u.path, k.k_directive, k.task_class, COALESCE(k.status, ''), 1 "
        f"FROM ({pending_sql}) k JOIN units_unit u ON u.id = k.k_unit WHERE {IN_RANGE}{k_scope}"
        f") x GROUP BY {group}"
    )
    params = [
        *first,
        low,
        high,
        *s_params,
        low,
        high,
        *c_params,
        *pending_params,
        low,
        high,
        *k_params,
    ]
    return _fetch(sql, params, day)


def directive_tallies(
    day: date, *, low: str, high: str, scope: Scope
) -> dict[int, dict[str, int]] | None:
    """Counts by class for each directive, of the tasks led within [low, high); None when
    the summaries turned out to be of another day."""
    rows = _long_rows(
        day,
        select="x.directive_id, x.task_class",
        first=[],
        group="1, 2",
        low=low,
        high=high,
        scope=scope,
    )
    if rows is None:
        return None
    result: dict[int, dict[str, int]] = {}
    for directive, task_class, n in rows:
        if n:
            result.setdefault(directive, {})[task_class] = int(n)
    return result


def child_directive_rows(
    day: date, *, unit_path: str, upper_path: str, length: int, scope: Scope
) -> list[tuple[str, int, str, int]] | None:
    """(child path, directive, class, count) for the tasks led within a unit's subtree, the
    child being the first `length` characters of the lead unit's path (the unit's own
    path for the tasks it leads itself); None when the summaries turned out to be of
    another day."""
    rows = _long_rows(
        day,
        select="substr(x.path, 1, %s), x.directive_id, x.task_class",
        first=[length],
        group="1, 2, 3",
        low=unit_path,
        high=upper_path,
        scope=scope,
    )
    if rows is None:
        return None
    return [(child, directive, cls, int(n)) for child, directive, cls, n in rows if n]
