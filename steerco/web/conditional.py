"""Conditional GET for the figure pages (issue 20, item 3): a reload of a page nothing on
which changed answers 304 Not Modified without reading its figures or rendering it.

`figures_page(access)` decorates a page. On each GET it first runs `access` — the page's
own parsing and permission checks, which raise 400/403/404 exactly as the page would — and
only then computes the page's tag (`page_tag`), hands it to Django's
`django.views.decorators.http.condition` (If-None-Match, 304, the ETag header) and calls
the view with what `access` resolved. So a user who may not read a page gets its 403 or
404, never a 304 nor an ETag, whatever If-None-Match they send.

The tag is an HMAC (SECRET_KEY) of everything the page shows or depends on:

- the release: a digest of the code, templates and translations of this deploy and of the
  settings a page reads (`release`), so a deploy or a changed setting is a new tag;
- the generation of the counted data (units — the roles are units' memberships —,
  directives, progress, scoring) and the generation of every other table a page shows
  (the budget, the indicators, the audit trail, accounts...), both moved by every write
  (steerco/lib/generations.py);
- today in the site's time zone (a deadline passing at midnight moves a class);
- the user: id, name, active/staff/superuser flags and their roles (`grants`, read once
  for the request: the permission checks and the menu read the same);
- the language, the path with its query string, htmx's fragment request or not;
- the unread notices the navigation shows (notices move no generation: their count is
  what the page shows of them, one COUNT the navigation then reuses);
- the CSRF secret of the browser's cookie: the page carries a CSRF token masked from it
  (the sign-out and language forms); a new secret (a sign-in rotates it) is a new tag, so
  a 304 only ever keeps a body whose token the browser's cookie still validates.

No tag (a plain 200, as before) when flash messages wait to be shown (the render consumes
them) or when the generations cannot be trusted to be shared: `STEERCO_CONDITIONAL_PAGES`
(default: a shared cache, CACHE_URL=redis://..., and no read replicas — a replica behind
the primary could render old data under the new generation, and a 304 would then keep
it).

Every such page is `Cache-Control: private, no-cache`: no shared cache stores it, the
browser asks each time (and gets the 304). GZipMiddleware makes the ETag weak (W/"...")
when it compresses; If-None-Match compares weakly, so the 304 still answers. The
Content-Security-Policy carries no per-request nonce (script-src 'self'), so the header
sent with a 304 fits the kept body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.views.decorators.http import condition

from steerco.lib import generations
from steerco.units.permissions import granted_kinds, grants

from .context_processors import unread_of

A = TypeVar("A")

PACKAGE = Path(__file__).resolve().parent.parent  # steerco/
_RELEASE_FILES = ("*.py", "*.html", "*.txt", "*.mo", "*.json")


@cache
def release() -> str:
    """A digest of this deploy: the package's code, templates and translations (the tests
    left out), the static files' manifest when collected, and the settings a page may read.
    Computed once per process; the same in every worker of one deploy."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(p for pattern in _RELEASE_FILES for p in PACKAGE.rglob(pattern)):
        if "tests" in path.relative_to(PACKAGE).parts:
            continue
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    if settings.STATIC_ROOT and manifest.is_file():
        digest.update(manifest.read_bytes())
    for name in sorted(dir(settings)):
        if name.startswith("STEERCO_") or name in ("TIME_ZONE", "LANGUAGE_CODE", "LANGUAGES"):
            digest.update(f"{name}={getattr(settings, name)!r}".encode())
    return digest.hexdigest()


def enabled() -> bool:
    """Whether pages carry ETags: STEERCO_CONDITIONAL_PAGES (settings: on with a shared
    cache — each gunicorn worker's local memory would keep its own generations, which a
    write in another worker could not move — and no read replicas)."""
    return bool(settings.STEERCO_CONDITIONAL_PAGES)


_SHOWN = "_steerco_shown_by_roles"


def shown_by_roles(request: HttpRequest) -> tuple[Any, ...]:
    """What a page's content depends on for everyone holding the requesting user's roles:
    the release, both generations, the day, the language, the path with its query string,
    htmx's fragment request or not, the superuser flag and the roles. Read once per
    request (the tag and the shared content, steerco/web/fragments.py, both ask)."""
    found = getattr(request, _SHOWN, None)
    if found is None:
        user: Any = request.user
        found = (
            release(),
            generations.current(),
            generations.current(generations.SHOWN),
            timezone.localdate().isoformat(),
            get_language(),
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            bool(getattr(user, "is_superuser", False) and user.is_active),
            sorted(grants(user)),
            sorted(granted_kinds(user).items()),
        )
        setattr(request, _SHOWN, found)
    return found


def page_tag(request: HttpRequest) -> str | None:
    """The ETag of the page `request` asks for, as its user would see it now; None when
    the page must be rendered anyway (flash messages waiting, conditional pages off)."""
    if not enabled() or len(get_messages(request)):
        return None
    user: Any = request.user
    parts = (
        *shown_by_roles(request),
        # ... and what is the user's own: the account, the unread count the navigation
        # shows, the CSRF secret the page's forms carry.
        user.pk,
        user.get_username(),
        user.is_active,
        user.is_staff,
        user.is_superuser,
        unread_of(request),
        request.META.get("CSRF_COOKIE") or "",
    )
    mac = salted_hmac("steerco.web.conditional", repr(parts), algorithm="sha256")
    return f'"{mac.hexdigest()[:32]}"'


def figures_page(
    access: Callable[..., A],
) -> Callable[[Callable[[Any, A], HttpResponse]], Callable[..., HttpResponse]]:
    """A GET page answered 304 when the browser holds the page as it would be rendered now:
    `access(request, **url_kwargs)` first (its 400/403/404 stand), then the tag, then
    `view(request, asked)` with what `access` returned — only when the tag differs."""

    def decorate(view: Callable[[Any, A], HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            asked = access(request, *args, **kwargs)
            tag = page_tag(request)
            if tag is None:
                response = view(request, asked)
            else:
                response = condition(etag_func=lambda *_a, **_k: tag)(
                    lambda r, *_a, **_k: view(r, asked)
                )(request)
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("HX-Request",))
            return response

        return page

    return decorate
