"""Reads of the budget: a task's figures, sums over a unit's subtree as of a day, the
monthly series for a chart, the figures of peers for a ranking.

Sums over a subtree are read from the ledger (`ledger_reads`: a few queries over the
sums kept per lead unit) when it may answer — no field scope, an as-of day on or after
the latest day it counts — and from the history rows otherwise (`selectors_raw`). The
rule of what counts as of a day is `steerco.budget.figures`'s; `tests/test_selectors.py`
and `tests/test_ledger.py` prove the sums equal the sum of the tasks' figures.

`scope` is anything with `task_q(prefix) -> Q` (the scoring app's `Scope`), so the
budget reads the same directive and field scopes as the counts without importing them.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from steerco.directives.models import Task
from steerco.units.models import SEGMENT, Unit

from . import ledger_reads, selectors_raw
from .figures import (
    AllocationRow,
    DisbursementRow,
    EstimateRow,
    Figures,
    cumulative,
    months_of_year,
    slowest,
    task_figures,
    total,
)
from .models import Allocation, Disbursement, Estimate, FundingSource, PlannedDisbursement
from .selectors_raw import AMOUNTS, Key, TaskScope
from .sentences import budget_sentence, slowest_sentence

# --- one task ------------------------------------------------------------------


def task_figures_as_of(task: Task, *, as_of: date, year: int | None = None) -> Figures:
    """A task's estimated, allocated, disbursed and planned amounts as of `as_of`."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    estimates = [
        EstimateRow(e.source, e.year, e.amount, e.recorded_at.astimezone(tz).date(), e.pk)
        for e in Estimate.objects.filter(task=task)
    ]
    planned: dict[int, list[tuple[date, int]]] = {}
    for p in PlannedDisbursement.objects.filter(allocation__task=task).order_by("month", "pk"):
        planned.setdefault(p.allocation_id, []).append((p.month, p.amount))
    allocations = [
        AllocationRow(a.source, a.year, a.amount, a.decided_on, tuple(planned.get(a.pk, ())))
        for a in Allocation.objects.filter(task=task)
    ]
    disbursements = [
        DisbursementRow(d.source, d.year, d.amount, d.paid_on)
        for d in Disbursement.objects.filter(task=task)
    ]
    return task_figures(
        estimates=estimates,
        allocations=allocations,
        disbursements=disbursements,
        as_of=as_of,
        year=year,
    )


# --- sums over a range of lead units --------------------------------------------


def grouped_figures(
    low: str,
    high: str,
    depth: int,
    *,
    year: int,
    as_of: date,
    scope: TaskScope | None = None,
    amounts: Sequence[str] = AMOUNTS,
    everything: bool = False,
) -> dict[Key, Figures]:
    """Figures of the tasks led in the path range [low, high), grouped by the lead unit's
    path cut at `depth` characters, the directive and the funding source (only the
    `amounts` asked for are read; the others are 0). `everything`: the range holds every
    unit (the root's), so no task's lead unit is looked up to be counted."""
    readable, directive_ids = ledger_reads.scope_directives(scope)
    if readable:
        kept = ledger_reads.grouped(
            low,
            high,
            depth,
            year=year,
            as_of=as_of,
            directive_ids=directive_ids,
            everything=everything,
        )
        if kept is not None and set(amounts) >= set(AMOUNTS):
            return kept
        if kept is not None:
            return {
                key: Figures(**{a: getattr(f, a) if a in amounts else 0 for a in AMOUNTS})
                for key, f in kept.items()
            }
    return selectors_raw.grouped_figures(
        low,
        high,
        depth,
        year=year,
        as_of=as_of,
        scope=scope,
        amounts=amounts,
        everything=everything,
    )


def figures_by_peer(
    peers: Sequence[Unit],
    *,
    year: int,
    as_of: date,
    scope: TaskScope | None = None,
    amounts: Sequence[str] = AMOUNTS,
) -> dict[int, Figures]:
    """Each peer's figures (tasks led in its subtree); peers are at one level of the tree."""
    if not peers:
        return {}
    depth = len(peers[0].path)
    low, high = min(p.path for p in peers), max(p.upper_path for p in peers)
    readable, directive_ids = ledger_reads.scope_directives(scope)
    if readable:
        kept = ledger_reads.by_prefix(
            low, high, depth, year=year, as_of=as_of, directive_ids=directive_ids
        )
        if kept is not None:
            return {
                p.pk: Figures(
                    **{
                        a: getattr(kept.get(p.path, Figures()), a) if a in amounts else 0
                        for a in AMOUNTS
                    }
                )
                for p in peers
            }
    by_path: dict[str, Figures] = {}
    for (prefix, *_rest), f in grouped_figures(
        low, high, depth, year=year, as_of=as_of, scope=scope, amounts=amounts
    ).items():
        by_path[prefix] = by_path.get(prefix, Figures()) + f
    return {p.pk: by_path.get(p.path, Figures()) for p in peers}


# --- the summary ------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: what it is (a source, a directive, a unit) and its figures."""

    key: str  # the source's code, the directive's symbol, the unit's code
    label: str
    figures: Figures
    own: bool = False  # the unit's own row: tasks it leads itself

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "own": self.own, **self.figures.as_dict()}


@dataclass(frozen=True)
class Series:
    """Cumulative amounts at the end of each month of the year up to the as-of month."""

    months: list[date]
    allocated: list[int]
    disbursed: list[int]
    planned: list[int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "months": [f"{m:%Y-%m}" for m in self.months],
            "allocated": self.allocated,
            "disbursed": self.disbursed,
            "planned": self.planned,
        }


@dataclass
class BudgetSummary:
    unit_code: str
    unit_name: str
    year: int
    as_of: date
    totals: Figures
    by_source: list[Line]
    by_directive: list[Line]
    by_unit: list[Line]  # the unit's own row (if it leads tasks with money), then children
    slowest: list[Line]  # child units with money allocated, lowest disbursement rate first
    series: Series = field(default_factory=lambda: Series([], [], [], []))

    @property
    def has_money(self) -> bool:
        return self.totals.has_money

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The figures as JSON (amounts as integers in đồng) with the sentences in `lang`;
        the command's --json, the page's and the API's data."""
        return {
            "unit": self.unit_name,
            "code": self.unit_code,
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            **self.totals.as_dict(),
            "by_source": [line.as_dict() for line in self.by_source],
            "by_directive": [line.as_dict() for line in self.by_directive],
            "by_unit": [line.as_dict() for line in self.by_unit],
            "slowest": [line.as_dict() for line in self.slowest],
            "series": self.series.as_dict(),
            "sentence": budget_sentence(self.totals, lang=lang),
            "slowest_sentence": slowest_sentence(
                [(line.label, line.figures) for line in self.slowest], lang=lang
            ),
        }


def budget_summary(
    unit: Unit,
    year: int,
    as_of: date,
    *,
    scope: TaskScope | None = None,
    with_series: bool = True,
) -> BudgetSummary:
    """The money of the tasks led in `unit`'s subtree for budget `year` as of `as_of`:
    totals, by funding source, by directive, by lead unit (`unit`'s own row and its
    children, the peers of the slowest-units list)."""
    depth = len(unit.path) + SEGMENT
    everything = _whole_tree(unit)
    readable, directive_ids = ledger_reads.scope_directives(scope)
    bounds = (unit.path, unit.upper_path, depth)
    parts = (
        ledger_reads.breakdown(
            *bounds, year=year, as_of=as_of, directive_ids=directive_ids, everything=everything
        )
        if readable
        else None
    )
    if parts is None:
        parts = _summed(
            selectors_raw.grouped_figures(
                *bounds, year=year, as_of=as_of, scope=scope, amounts=AMOUNTS, everything=everything
            )
        )
    by_source, by_directive, by_prefix, totals = parts
    children = {c.path: c for c in Unit.objects.filter(parent=unit).order_by("path")}
    unit_lines = [
        Line(children[p].code, children[p].name, f)
        for p, f in sorted(by_prefix.items())
        if p in children
    ]
    own = by_prefix.get(unit.path)
    if own is not None:
        unit_lines.insert(
            0, Line(unit.code, _("%(unit)s (led directly)") % {"unit": unit.name}, own, own=True)
        )
    by_code = {line.key: line for line in unit_lines if not line.own}
    return BudgetSummary(
        unit_code=unit.code,
        unit_name=unit.name,
        year=year,
        as_of=as_of,
        totals=totals,
        by_source=[
            Line(str(s), str(s.label), by_source[s.value])
            for s in FundingSource
            if s.value in by_source
        ],
        by_directive=[Line(s, s, f) for s, f in sorted(by_directive.items())],
        by_unit=unit_lines,
        slowest=[
            by_code[code]
            for code in slowest((line.key, line.label, line.figures) for line in by_code.values())
        ],
        series=monthly_series(unit, year, as_of, scope=scope)
        if with_series
        else Series([], [], [], []),
    )


def _summed(
    groups: dict[Key, Figures],
) -> tuple[dict[str, Figures], dict[str, Figures], dict[str, Figures], Figures]:
    """The groups' figures by source, by directive symbol, by path prefix and in all, added
    as plain ints in one pass (a nation's summary adds some ten thousand groups)."""
    parts: tuple[dict[str, list[int]], ...] = ({}, {}, {})
    for (prefix, _directive_id, symbol, source), f in groups.items():
        e, a, d, p = f.estimated, f.allocated, f.disbursed, f.planned
        for sums, key in zip(parts, (source, symbol, prefix), strict=True):
            row = sums.get(key)
            if row is None:
                sums[key] = [e, a, d, p]
            else:
                row[0] += e
                row[1] += a
                row[2] += d
                row[3] += p
    by_source, by_directive, by_prefix = (
        {k: Figures(*row) for k, row in sums.items()} for sums in parts
    )
    everything = [sum(row[i] for row in parts[0].values()) for i in range(4)]
    return by_source, by_directive, by_prefix, Figures(*everything)


def _whole_tree(unit: Unit) -> bool:
    """Whether `unit`'s subtree holds every unit: the one root (then no row needs its task's
    lead unit looked up to be counted)."""
    return (
        unit.parent_id is None
        and not Unit.objects.filter(parent__isnull=True).exclude(pk=unit.pk).exists()
    )


def monthly_series(unit: Unit, year: int, as_of: date, *, scope: TaskScope | None = None) -> Series:
    """Allocated, disbursed and planned amounts of the subtree, cumulative at the end of
    each month of `year` up to `as_of`'s month (the as-of day's rows included): from the
    ledger's months when the scope limits nothing, from the rows otherwise."""
    months = months_of_year(year, as_of)
    everything = scope is None and _whole_tree(unit)
    readable, directive_ids = ledger_reads.scope_directives(scope)
    kept = None
    if readable and directive_ids is None:  # no scope, or one that limits nothing
        whole = everything or (scope is not None and _whole_tree(unit))
        kept = ledger_reads.monthly(unit, year, as_of, everything=whole)
    if kept is not None:
        return Series(
            months,
            cumulative(kept["allocated"], months),
            cumulative(kept["disbursed"], months),
            cumulative(kept["planned"], months),
        )

    got = selectors_raw.by_month(unit, year, as_of, scope=scope, everything=everything)
    allocated, disbursed, planned = got["allocated"], got["disbursed"], got["planned"]
    return Series(
        months,
        cumulative(allocated, months),
        cumulative(disbursed, months),
        cumulative(planned, months),
    )


@dataclass(frozen=True)
class MoneyOverview:
    """The overview's money: the subtree's totals and the monthly series of its chart."""

    totals: Figures
    series: Series

    @property
    def has_money(self) -> bool:
        return self.totals.has_money


def money_overview(
    unit: Unit, year: int, as_of: date, *, scope: TaskScope | None = None
) -> MoneyOverview:
    """Totals and series in four queries: the estimates in force, and the monthly sums
    whose running totals end at the allocated, disbursed and planned totals."""
    series = monthly_series(unit, year, as_of, scope=scope)
    estimated = grouped_figures(
        unit.path,
        unit.upper_path,
        len(unit.path),
        year=year,
        as_of=as_of,
        scope=scope,
        amounts=("estimated",),
    )
    if series.months:
        totals = Figures(
            estimated=total(estimated.values()).estimated,
            allocated=series.allocated[-1],
            disbursed=series.disbursed[-1],
            planned=series.planned[-1],
        )
    else:
        totals = total(
            grouped_figures(
                unit.path, unit.upper_path, len(unit.path), year=year, as_of=as_of, scope=scope
            ).values()
        )
    return MoneyOverview(totals, series)
