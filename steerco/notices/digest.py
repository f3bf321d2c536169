"""The weekly digest's content for a manager's units as of a day, as plain JSON: the
tasks that became overdue in the week, the units that did not report in the last closed
month, the completions and extension requests waiting for them, and the changes in the
ranks (their unit among its peers, the units under it) since a week before.

Counts and rankings are the scoring app's (`timeliness_by_peer`, `ranking`); a ranking of
one peer set is computed once per run (`Memo`), whoever reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from steerco.directives.models import Task
from steerco.progress.actions import awaiting_acceptance_q
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import Extension
from steerco.scoring.peers import peers_of
from steerco.scoring.ranking_table import RankingEntry, ranking
from steerco.scoring.timeliness import timeliness_by_peer
from steerco.units.models import Unit, UnitKind, path_upper_bound

LISTED = 10  # items listed per section; the count says how many there are
MOVERS = 5
WEEK = 7


@dataclass
class Memo:
    """Rankings and peer lists computed once in a run."""

    rankings: dict[tuple[int, ...], list[RankingEntry]] = field(default_factory=dict)
    children: dict[int, list[Unit]] = field(default_factory=dict)

    def ranked(self, peers: list[Unit], as_of: date) -> list[RankingEntry]:
        key = tuple(p.pk for p in peers)
        if key not in self.rankings:
            self.rankings[key] = ranking(
                peers, as_of, previous_on=as_of - timedelta(days=WEEK), with_timeliness=False
            )
        return self.rankings[key]

    def under(self, unit: Unit) -> list[Unit]:
        """The units directly under `unit` that rank together: its communes, else its
        provinces, else its departments, else all of them."""
        if unit.pk not in self.children:
            below = list(Unit.objects.filter(parent=unit).order_by("path"))
            for kind in (UnitKind.COMMUNE, UnitKind.PROVINCE, UnitKind.DEPARTMENT):
                same = [u for u in below if u.kind == kind]
                if len(same) > 1:
                    below = same
                    break
            self.children[unit.pk] = below
        return self.children[unit.pk]


def _subtree(prefix: str, unit: Unit) -> Q:
    return Q(
        **{f"{prefix}__path__gte": unit.path, f"{prefix}__path__lt": path_upper_bound(unit.path)}
    )


def _task_item(row: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "reference": row["reference"],
        "symbol": row["directive__symbol"],
        "content": row["content"][:160],
        "lead_unit": row["lead_unit__name"],
        **extra,
    }


TASK_FIELDS = ("id", "reference", "directive__symbol", "content", "lead_unit__name")


def digest_facts(unit: Unit, as_of: date, memo: Memo) -> dict[str, Any]:
    """One unit's section of a manager's digest (see the module's docstring)."""
    week_ago = as_of - timedelta(days=WEEK)
    overdue = (
        classify_tasks(
            Task.objects.filter(_subtree("lead_unit", unit))
            .filter(recurring=False)
            .filter(
                Q(due_on__gte=week_ago - timedelta(days=1), due_on__lt=as_of)
                | Q(due_changed_on__gt=as_of)
            ),
            as_of,
        )
        .filter(task_class="overdue")
        .order_by("c_due", "id")
        .values(*TASK_FIELDS, "c_due")
    )
    new_overdue = [
        _task_item(r, due_on=r["c_due"].isoformat())
        for r in overdue
        if r["c_due"] is not None and week_ago <= r["c_due"] < as_of
    ]
    managed = _subtree("assigned_by", unit)
    acceptances = (
        Task.objects.filter(managed)
        .filter(awaiting_acceptance_q())
        .order_by("completed_on", "id")
        .values(*TASK_FIELDS, "completed_on")
    )
    pending_acceptance = [
        _task_item(r, since=r["completed_on"].isoformat() if r["completed_on"] else None)
        for r in acceptances
    ]
    extensions = (
        Extension.objects.filter(_subtree("task__assigned_by", unit))
        .filter(requested_on__lte=as_of)
        .filter(Q(decision__isnull=True) | Q(decision__decided_on__gt=as_of))
        .order_by("requested_on", "id")
        .values(*[f"task__{f}" for f in TASK_FIELDS], "requested_on", "new_due_on")
    )
    pending_extensions = [
        _task_item(
            {f: r[f"task__{f}"] for f in TASK_FIELDS},
            since=r["requested_on"].isoformat(),
            new_due_on=r["new_due_on"].isoformat(),
        )
        for r in extensions
    ]
    below = memo.under(unit) or [unit]
    timeliness = timeliness_by_peer(below, as_of)
    missing = sorted(
        (u for u in below if timeliness[u.pk].missing),
        key=lambda u: (-timeliness[u.pk].missing, u.code),
    )
    not_reported: list[dict[str, Any]] = [
        {"unit": u.name, "code": u.code, "missing": timeliness[u.pk].missing} for u in missing
    ]
    period = next(iter(timeliness.values())).period if timeliness else ""
    return {
        "unit": unit.name,
        "code": unit.code,
        "new_overdue": _section(new_overdue),
        "not_reported": {**_section(not_reported), "period": period},
        "pending_acceptance": _section(pending_acceptance),
        "pending_extensions": _section(pending_extensions),
        "ranks": _ranks(unit, as_of, memo),
    }


def _section(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"count": len(items), "items": items[:LISTED]}


def _ranks(unit: Unit, as_of: date, memo: Memo) -> dict[str, Any]:
    own: dict[str, Any] | None = None
    peers = peers_of(unit)
    if len(peers) > 1:
        for entry in memo.ranked(peers, as_of):
            if entry.unit.pk == unit.pk:
                own = _entry(entry, len(peers))
    below = memo.under(unit)
    movers: list[dict[str, Any]] = []
    if len(below) > 1:
        moved = [e for e in memo.ranked(below, as_of) if e.change]
        moved.sort(key=lambda e: (-abs(e.change or 0), e.rank, e.unit.code))
        movers = [_entry(e, len(below)) for e in moved[:MOVERS]]
    return {"own": own, "movers": movers, "since": (as_of - timedelta(days=WEEK)).isoformat()}


def _entry(entry: RankingEntry, of: int) -> dict[str, Any]:
    value = entry.value
    return {
        "unit": entry.unit.name,
        "code": entry.unit.code,
        "rank": entry.rank,
        "of": of,
        "previous_rank": entry.previous_rank,
        "change": entry.change,
        "green_rate": None if value is None else round(float(value) * 100, 1),
    }
