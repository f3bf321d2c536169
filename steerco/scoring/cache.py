"""Computed figures shared by everyone who asks for the same ones, through Django's cache
(local memory by default; Redis in production through CACHE_URL).

A figure is plain data (class counts by peer, rows of grouped counts) computed from
(what it is, the units, the scope, the as-of date): never a rendered page or anything of
one user. Its key holds those and the generation of the counted data
(`steerco.lib.generations`), which every write to a counted table moves: a figure is never
read after a write that could change it. The as-of date is in the key too, so "today"
is a new key each day and the deadlines passed overnight count without a write.

Off unless STEERCO_FIGURES_CACHE is on (settings: on with CACHE_URL, or with DEBUG's
single process): a local-memory cache is one per process, and a write in one gunicorn
worker cannot move another worker's generation.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Hashable
from datetime import date
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from steerco.lib import generations, replicas
from steerco.units.models import Unit

from .scope import Scope

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Part of every key: a change of the cached shapes (ClassCounts' fields) is a new key.
SHAPE = 1

_MISSING = object()


def scope_key(scope: Scope) -> tuple[Hashable, ...]:
    ids = tuple(sorted(scope.directive_ids)) if scope.directive_ids is not None else None
    return (ids, scope.field)


def units_key(units: list[Unit]) -> tuple[tuple[int, str], ...]:
    return tuple((u.pk, u.path) for u in units)


def figure_key(name: str, parts: tuple[Hashable, ...], generation: int) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"steerco:figures:{SHAPE}:{name}:{generation}:{digest}"


def figures(name: str, parts: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """`compute()`'s value for these parts, from the cache when the counted data has not
    changed since it was stored. `parts` is plain data (paths, dates, ids) whose repr
    names the figure; the caller puts the as-of date in it."""
    if not settings.STEERCO_FIGURES_CACHE:
        return compute()
    try:
        key = figure_key(name, parts, generations.current())
        found = cache.get(key, _MISSING)
    except Exception:  # the cache is down: compute, as without it
        logger.exception("figures cache unavailable")
        return compute()
    if found is not _MISSING:
        return found
    # On the primary: the figure is stored under the generation of the latest write, which
    # a replica may not have replayed yet (steerco/lib/replicas.py).
    with replicas.primary_reads():
        value = compute()
    try:
        cache.set(key, value, timeout=settings.STEERCO_FIGURES_CACHE_SECONDS)
    except Exception:
        logger.exception("figures cache unavailable")
    return value


def as_of_part(as_of: date | None) -> str | None:
    return as_of.isoformat() if as_of is not None else None
