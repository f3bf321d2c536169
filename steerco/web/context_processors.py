"""Template context every page has: no database access, but for the unread count of a
signed-in user's inbox (one COUNT on the partial index `notice_unread`, run only when a
template shows it)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from steerco.notices.selectors import unread_count

from .menu import menu_for


def unread_of(request: HttpRequest) -> int:
    """The signed-in user's unread count, counted once per request (a page's ETag counts
    it before the navigation shows it: web/conditional.py)."""
    count: int | None = getattr(request, "_steerco_unread", None)
    if count is None:
        count = unread_count(request.user)
        request._steerco_unread = count  # type: ignore[attr-defined]
    return count


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "steerco_languages": settings.LANGUAGES,
        "steerco_colours": settings.STEERCO_COLOURS,
        "steerco_unread": SimpleLazyObject(lambda: unread_of(request)) if signed_in else 0,
        # The menu's entries this user may open (web/menu.py).
        "steerco_menu": SimpleLazyObject(lambda: menu_for(request.user)) if signed_in else None,
    }
