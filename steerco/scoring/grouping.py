"""Tasks grouped by peer: the peer is a prefix of the lead unit's materialised path."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet
from django.db.models.functions import Substr

from steerco.directives.models import Task
from steerco.units.models import Unit

from .scope import Scope


def peer_depth(peers: Sequence[Unit]) -> int:
    lengths = {len(p.path) for p in peers}
    if len(lengths) != 1:
        raise ValueError("peers must be at one level of the tree")
    return lengths.pop()


def grouped_tasks(peers: Sequence[Unit], scope: Scope, prefix: str = "lead_unit__") -> QuerySet:
    """Tasks in `scope` led within the span of the peers' subtrees, annotated with `peer`,
    the path of the peer-level unit they are led under. Where the peers are not every
    unit of their level in that span, tasks of the others come too: the caller skips
    peers it did not ask for (a filter on the prefix here would hide from the planner
    how many rows come, and PostgreSQL then sorts them on disk instead of hashing)."""
    low, high = peer_span(peers)
    return tasks_between(low, high, peer_depth(peers), scope, prefix)


def peer_span(peers: Sequence[Unit]) -> tuple[str, str]:
    """The range of materialised paths that holds every peer's subtree."""
    return min(p.path for p in peers), max(p.upper_path for p in peers)


def tasks_between(
    low: str, high: str, length: int, scope: Scope, prefix: str = "lead_unit__"
) -> QuerySet:
    """`grouped_tasks` for the path range [low, high) and peers `length` characters deep."""
    return (
        Task.objects.filter(scope.task_q())
        .filter(**{f"{prefix}path__gte": low, f"{prefix}path__lt": high})
        .annotate(peer=Substr(f"{prefix}path", 1, length))
    )
