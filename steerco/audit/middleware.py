"""Every change made while answering a request is recorded as the signed-in user's, through
the web pages or (under the admin site's prefix) the admin site."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import NoReverseMatch, reverse

from .context import acting_for_request
from .models import AuditSource


@cache
def _admin_prefix() -> str | None:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        prefix = _admin_prefix()
        admin = prefix is not None and request.path.startswith(prefix)
        with acting_for_request(request, AuditSource.ADMIN if admin else AuditSource.WEB):
            return self.get_response(request)
