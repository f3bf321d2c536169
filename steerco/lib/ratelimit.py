"""Requests per user and calendar minute, counted in Django's cache: the limits of the
expensive pages and of the API's same requests (one count for both), so a report asked
from the API counts against the same limit as one asked from the Reports page.

Each kind has a limit per minute in the settings (`STEERCO_RATE_REPORTS_PER_MINUTE`,
`STEERCO_RATE_EXPORTS_PER_MINUTE`; 0 turns the limit off). With the default local-memory
cache each server process counts alone: set CACHES to a shared cache for one count
across processes. The pages answer over the limit in steerco/web/ratelimit.py, the API
in its routes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

LIMITS = {
    "reports": "STEERCO_RATE_REPORTS_PER_MINUTE",
    "exports": "STEERCO_RATE_EXPORTS_PER_MINUTE",
}


def limit_of(kind: str) -> int:
    """Requests of `kind` a user may make per minute (0: no limit)."""
    return int(getattr(settings, LIMITS[kind]))


def over_limit(user_id: Any, kind: str) -> int:
    """Count one more request of `kind` by the user; the seconds to wait when it is over the
    limit, else 0."""
    limit = limit_of(kind)
    if limit <= 0:
        return 0
    now = timezone.now().timestamp()
    minute = int(now // 60)
    key = f"steerco:rate:{kind}:{user_id}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return 0 if count <= limit else max(1, 60 - int(now % 60))
