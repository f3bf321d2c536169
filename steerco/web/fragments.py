"""The body of a figure page rendered once for everyone who would see the same one.

On a meeting day thousands of officials open the same ranking, the same provinces'
overviews. Profiling (docs/PERFORMANCE.md) put most of such a page's time in rendering
its templates, not in its figures, which the figures cache already shares. A page's
content (its `{% block content %}`: filters, tables, charts' data) depends only on

- what was asked: the path with its query string, htmx's fragment request or not;
- the data: both generations (steerco/lib/generations.py), moved by every write;
- the day (a deadline passing at midnight), the language, and the release of the code,
  templates, translations and settings (`conditional.release`);
- what the user may see: their roles (`grants`, with the units' kinds) and the
  superuser flag — never their name or id: two officials with the same roles see the
  same content, and no one sees content rendered for other roles.

`shared_content(request, name, render)` returns that HTML from Django's cache under a key
made of all of the above, or renders it with `render()` and stores it. The page around it
(navigation, the unread count, the CSRF tokens of the sign-out and language forms, flash
messages) is rendered for each request as before.

On with STEERCO_SHARED_CONTENT, and only when pages carry ETags (`conditional.enabled`:
a shared cache, so every worker sees each write's new generation, and no read replica,
whose lag could render old data under a new generation); otherwise `render()` every time.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from .conditional import enabled, shown_by_roles

logger = logging.getLogger(__name__)


def content_key(request: HttpRequest, name: str) -> str:
    digest = hashlib.sha256(repr((name, *shown_by_roles(request))).encode()).hexdigest()[:40]
    return f"steerco:content:{name}:{digest}"


def shared_content(request: HttpRequest, name: str, render: Callable[[], str]) -> SafeString:
    """The page's content as `render()` makes it, shared by the users whose roles are the
    same (see the module's docstring); `render()` is not called when it is cached."""
    if not (settings.STEERCO_SHARED_CONTENT and enabled()):
        return mark_safe(render())  # noqa: S308 - a template's own output
    try:
        key = content_key(request, name)
        found = cache.get(key)
    except Exception:  # the cache is down: render, as without it
        logger.exception("content cache unavailable")
        return mark_safe(render())  # noqa: S308 - a template's own output
    if found is not None:
        return mark_safe(found)  # noqa: S308 - stored from a template's own output
    html = render()
    if "csrfmiddlewaretoken" in html:  # masked for this browser: never shared
        logger.error("content %s carries a CSRF token: not shared", name)
        return mark_safe(html)  # noqa: S308 - a template's own output
    try:
        cache.set(key, str(html), timeout=settings.STEERCO_FIGURES_CACHE_SECONDS)
    except Exception:
        logger.exception("content cache unavailable")
    return mark_safe(html)  # noqa: S308 - a template's own output
