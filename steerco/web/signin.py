"""Sign-in middleware: session lifetimes, and two factors before any page for those who
must use them.

- `SessionLifetimeMiddleware` (after AuthenticationMiddleware) signs a user out after
  `STEERCO_SESSION_IDLE_MINUTES` without a request, and `STEERCO_SESSION_MAX_HOURS` after
  they signed in, whatever they did since (`steerco.accounts.sessions`).
- `TwoFactorMiddleware` (after django-otp's OTPMiddleware) sends a signed-in user who must
  use two factors (`steerco.accounts.two_factor.two_factor_required`) and has not yet
  passed them in this session to the verify page — or to enrolment when they have no
  authenticator — before any page but those, signing out and the language switch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from steerco.accounts.sessions import session_expired
from steerco.accounts.two_factor import has_device, two_factor_required

# Pages a user who still owes the second factor may reach.
TWO_FACTOR_EXEMPT = frozenset(
    {
        "login",
        "logout",
        "signin:verify",
        "signin:enrol",
        "web:language",
        "healthz",
        # A one-time link sets a password for the account it names, whoever is signed in.
        "people:link",
    }
)


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated and session_expired(
            request.session, timezone.now().timestamp()
        ):
            logout(request)
        return self.get_response(request)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in TWO_FACTOR_EXEMPT:
            return None
        if not two_factor_required(user):
            return None
        target = reverse("signin:verify" if has_device(user) else "signin:enrol")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
