"""Types of the web layer: the request a signed-in page receives.

Every page but the language switch, the favicon and the error pages sits behind
`login_required`, so its `request.user` is a signed-in user of AUTH_USER_MODEL, never
the anonymous visitor `HttpRequest.user` may also be. Such a view takes an
`AuthenticatedHttpRequest`; the access helpers, selectors and forms it calls take that
`User`. The rules that answer for anyone take `steerco.units.permissions.UserLike`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind `login_required` (a type only: Django builds the requests)."""

    user: User
