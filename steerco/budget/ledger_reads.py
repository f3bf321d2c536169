"""The summary's sums read from the ledger (BudgetTotal, BudgetMonth) when it may answer:

- the scope asks nothing the ledger has no key for: no scope, or a scope of directives
  (BudgetTotal is kept per directive; BudgetMonth serves a scope that limits nothing)
  and no field;
- the as-of day is on or after the latest `last_day` of the rows read (asked in the same
  query), in the budget year or later: then every row the ledger counts counts as of that
  day, by figures.py's rule, and the planned months are those of its columns up to the
  day's (`figures.planned_column`).

Otherwise the functions return None and the selectors sum the history rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from steerco.directives.models import Directive
from steerco.lib.replicas import read_connection as connection  # a replica's page: the replica
from steerco.units.models import Unit

from .figures import Figures, month_start, planned_column, total
from .ledger import as_date
from .models import PLANNED_COLUMNS, BudgetMonth, BudgetTotal
from .selectors_raw import Key


def scope_directives(scope: Any) -> tuple[bool, frozenset[int] | None]:
    """(whether the ledger can read `scope`, the directive ids it is limited to)."""
    if scope is None:
        return True, None
    if getattr(scope, "field", "?") or not hasattr(scope, "directive_ids"):
        return False, None
    ids = scope.directive_ids
    return True, None if ids is None else frozenset(ids)


def _totals_read(
    low: str,
    high: str,
    *,
    year: int,
    as_of: date,
    directive_ids: frozenset[int] | None,
    everything: bool,
) -> tuple[str, list[str], list[Any]]:
    """What a read of BudgetTotal (alias b, units joined as u) sums and keeps: the planned
    amount as of `as_of` (its month columns up to the day's), the WHERE conditions and their
    parameters (the year, the lead units' path range, the directives)."""
    planned = " + ".join(
        f"b.{c}" for c in PLANNED_COLUMNS[: planned_column(year, month_start(as_of)) + 1]
    )
    where: list[str] = ["b.year = %s"]
    params: list[Any] = [year]
    if not everything:
        where.append("u.path >= %s AND u.path < %s")
        params += [low, high]
    if directive_ids is not None:
        where.append(f"b.directive_id IN ({', '.join(['%s'] * len(directive_ids))})")
        params += sorted(directive_ids)
    return planned, where, params


def _counted_by(rows: list[tuple[Any, ...]], as_of: date) -> bool:
    """Whether every ledger row read (its last day last) counts as of `as_of`: no amount
    it sums is dated after the day."""
    return not rows or as_date(max(row[-1] for row in rows)) <= as_of


def grouped(
    low: str,
    high: str,
    depth: int,
    *,
    year: int,
    as_of: date,
    directive_ids: frozenset[int] | None,
    everything: bool,
) -> dict[Key, Figures] | None:
    """grouped_figures's answer from BudgetTotal, or None when the ledger may not answer."""
    if as_of.year < year:
        return None
    if directive_ids is not None and not directive_ids:
        return {}
    planned, where, params = _totals_read(
        low, high, year=year, as_of=as_of, directive_ids=directive_ids, everything=everything
    )
    table, unit, directive = (m._meta.db_table for m in (BudgetTotal, Unit, Directive))
    # Table and column names are the models'; every value is a parameter. The rows are
    # added here, not grouped in SQL: a nation's year holds some 20,000 rows in 10,000
    # groups, and PostgreSQL sorts the text keys (on disk) for a GROUP BY.
    sql = (
        f"SELECT SUBSTR(u.path, 1, %s), b.directive_id, d.symbol, b.source, "  # noqa: S608
        f"b.estimated, b.allocated, b.disbursed, {planned}, b.last_day "
        f"FROM {table} b "
        f"JOIN {unit} u ON u.id = b.lead_unit_id "
        f"JOIN {directive} d ON d.id = b.directive_id "
        f"WHERE {' AND '.join(where)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [depth, *params])
        rows = cursor.fetchall()
    if not _counted_by(rows, as_of):
        return None
    sums: dict[Key, list[int]] = {}
    for prefix, directive_id, symbol, source, est, alloc, paid, plan, _last in rows:
        key = (prefix, directive_id, symbol, source)
        row = sums.get(key)
        if row is None:
            sums[key] = [est, alloc, paid, plan]
        else:
            row[0] += est
            row[1] += alloc
            row[2] += paid
            row[3] += plan
    return {key: Figures(*(int(v) for v in row)) for key, row in sums.items()}


def by_prefix(
    low: str,
    high: str,
    depth: int,
    *,
    year: int,
    as_of: date,
    directive_ids: frozenset[int] | None,
) -> dict[str, Figures] | None:
    """The sums of each lead-unit path prefix (`depth` characters: a ranking's peers) in
    [low, high), grouped in SQL — a few dozen groups, not the ledger's rows —, or None
    when the ledger may not answer."""
    if as_of.year < year:
        return None
    if directive_ids is not None and not directive_ids:
        return {}
    planned, where, params = _totals_read(
        low, high, year=year, as_of=as_of, directive_ids=directive_ids, everything=False
    )
    table, unit = BudgetTotal._meta.db_table, Unit._meta.db_table
    sql = (
        f"SELECT SUBSTR(u.path, 1, %s), SUM(b.estimated), SUM(b.allocated), "  # noqa: S608
        f"SUM(b.disbursed), SUM({planned}), MAX(b.last_day) "
        f"FROM {table} b JOIN {unit} u ON u.id = b.lead_unit_id "
        f"WHERE {' AND '.join(where)} GROUP BY 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [depth, *params])
        rows = [row for row in cursor.fetchall() if row[-1] is not None]
    if not _counted_by(rows, as_of):
        return None
    return {prefix: Figures(*(int(v or 0) for v in sums)) for prefix, *sums, _last in rows}


Breakdown = tuple[dict[str, Figures], dict[str, Figures], dict[str, Figures], Figures]


def breakdown(
    low: str,
    high: str,
    depth: int,
    *,
    year: int,
    as_of: date,
    directive_ids: frozenset[int] | None,
    everything: bool,
) -> Breakdown | None:
    """The summary's sums by source, by directive symbol, by lead unit's path prefix and
    in all, from BudgetTotal in one statement (three GROUP BYs of few groups each), or
    None when the ledger may not answer."""
    if as_of.year < year:
        return None
    if directive_ids is not None and not directive_ids:
        return {}, {}, {}, Figures()
    planned, where, params = _totals_read(
        low, high, year=year, as_of=as_of, directive_ids=directive_ids, everything=everything
    )
    table, unit, directive = (m._meta.db_table for m in (BudgetTotal, Unit, Directive))
    selects, values = [], []
    for part, expression, joins in (
        ("source", "b.source", ""),
        ("symbol", "d.symbol", f"JOIN {directive} d ON d.id = b.directive_id "),
        ("prefix", "SUBSTR(u.path, 1, %s)", ""),
    ):
        if part == "prefix" or not everything:
            joins += f"JOIN {unit} u ON u.id = b.lead_unit_id "
        # Table and column names are the models'; every value is a parameter.
        selects.append(
            f"SELECT '{part}', {expression}, "  # noqa: S608
            f"CAST(SUM(b.estimated) AS BIGINT), CAST(SUM(b.allocated) AS BIGINT), "
            f"CAST(SUM(b.disbursed) AS BIGINT), CAST(SUM({planned}) AS BIGINT), "
            f"MAX(b.last_day) FROM {table} b {joins}"
            f"WHERE {' AND '.join(where)} GROUP BY 2"
        )
        values += [*([depth] if part == "prefix" else []), *params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), values)
        rows = cursor.fetchall()
    if not _counted_by(rows, as_of):
        return None
    found: dict[str, dict[str, Figures]] = {"source": {}, "symbol": {}, "prefix": {}}
    for part, key, est, alloc, paid, plan, _last in rows:
        found[part][key] = Figures(int(est or 0), int(alloc or 0), int(paid or 0), int(plan or 0))
    return found["source"], found["symbol"], found["prefix"], total(found["source"].values())


def monthly(
    unit: Unit, year: int, as_of: date, *, everything: bool
) -> dict[str, dict[date, int]] | None:
    """The subtree's allocated, disbursed and planned amounts by month of `year` from
    BudgetMonth (no scope), or None when the ledger may not answer."""
    if as_of.year < year:
        return None
    table, units = BudgetMonth._meta.db_table, Unit._meta.db_table
    params: list[Any]
    if everything:
        source, where, params = f"{table} b", "b.year = %s", [year]
    else:
        source = f"{table} b JOIN {units} u ON u.id = b.lead_unit_id"
        where, params = (
            "b.year = %s AND u.path >= %s AND u.path < %s",
            [year, unit.path, unit.upper_path],
        )
    sql = (
        f"SELECT b.month, SUM(b.allocated), SUM(b.disbursed), SUM(b.planned), "  # noqa: S608
        f"MAX(b.last_day) FROM {source} WHERE {where} GROUP BY b.month"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result: dict[str, dict[date, int]] = {"allocated": {}, "disbursed": {}, "planned": {}}
    if not _counted_by(rows, as_of):
        return None
    for month, alloc, paid, plan, _last in rows:
        day = as_date(month)
        result["allocated"][day] = int(alloc or 0)
        result["disbursed"][day] = int(paid or 0)
        result["planned"][day] = int(plan or 0)
    return result
