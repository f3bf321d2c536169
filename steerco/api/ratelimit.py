"""Requests per token and minute (`STEERCO_API_RATE_PER_MINUTE`; 0 turns the limit off).

Counted in Django's cache per token and calendar minute, like the pages' limits
(steerco/web/ratelimit.py): with the default local-memory cache each server process
counts alone; set CACHES to a shared cache for one count across processes. Over the limit
the API answers 429 with Retry-After (the seconds left in the minute), as problem details.
Requests signed in with a session (the web's own use) are not counted here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def token_over_limit(token_id: object) -> int:
    """Count one more request with the token; the seconds to wait when it is over the
    limit, else 0."""
    limit = int(settings.STEERCO_API_RATE_PER_MINUTE)
    if limit <= 0:
        return 0
    now = timezone.now().timestamp()
    key = f"steerco:api-rate:{token_id}:{int(now // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return 0 if count <= limit else max(1, 60 - int(now % 60))
