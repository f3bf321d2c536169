"""Rate limits per user on the expensive pages: report generation and exports (the
count: steerco/lib/ratelimit.py, shared with the API).

Each kind has a limit per minute in the settings (`STEERCO_RATE_REPORTS_PER_MINUTE`,
`STEERCO_RATE_EXPORTS_PER_MINUTE`; 0 turns the limit off), counted in Django's cache per
user and calendar minute. Over the limit a page answers 429 with a page saying when to try
again. With the default local-memory cache each server process counts alone: set CACHES
to a shared cache for one count across processes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from steerco.lib.ratelimit import limit_of, over_limit

View = TypeVar("View", bound=Callable[..., HttpResponse])


def rate_limited(
    kind: str, *, counts: Callable[[HttpRequest], bool] = lambda request: True
) -> Callable[[View], View]:
    """Limit a signed-in page (inside login_required) to its kind's requests per minute;
    `counts` says which requests count (e.g. only those that generate a report)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if counts(request):
                wait = over_limit(request.user.pk, kind)
                if wait:
                    limit = limit_of(kind)
                    response = render(
                        request, "429.html", {"limit": limit, "wait": wait}, status=429
                    )
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
