"""Who calls the API, and what a token may do.

Two ways in:

- a signed-in session (the web's own use): Django's session, CSRF checked on unsafe
  methods as ninja's SessionAuth does; a session has every scope;
- `Authorization: Bearer TOKEN` with a personal access token
  (`steerco.accounts.tokens.authenticate_token`: unknown, expired and revoked tokens are
  refused there). A token has scopes: `read` (every GET), `report` (progress updates,
  sheet uploads), `manage` (acceptance, extensions, directives and tasks). A scope never
  grants more than the token's user's roles: the request runs as that user, and every
  route asks the same permission rules as the pages.

Either way `request.auth` is the user (also set as `request.user`, so the audit trail
records changes as theirs) and, for a token, `request.api_token` is the token.

A route declares the scope it needs with `auth=requires(SCOPE)`; without it the API's
default asks `read` of safe methods (GET, HEAD, OPTIONS) and `manage` of any other.
Requests with a token are rate-limited per token (steerco.api.ratelimit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from steerco.accounts.tokens import authenticate_token

from .problems import ScopeError
from .ratelimit import token_over_limit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

READ, REPORT, MANAGE = "read", "report", "manage"
SCOPES = (READ, REPORT, MANAGE)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def needed_scope(request: HttpRequest, declared: str | None) -> str:
    if declared is not None:
        return declared
    return READ if request.method in SAFE_METHODS else MANAGE


class TokenAuth(HttpBearer):
    """`Authorization: Bearer TOKEN`: a personal access token with the scope the route
    needs. A Bearer header that names no usable token is 401, never a fall back to the
    session."""

    def __init__(self, scope: str | None = None) -> None:
        if scope is not None and scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}; expected one of {SCOPES}")
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = authenticate_token(token.strip()) if token.strip() else None
        if found is None or not found.user.is_active:
            raise AuthenticationError(401, "The token is unknown, expired or revoked.")
        scope = needed_scope(request, self.scope)
        if scope not in found.scopes:
            raise ScopeError(scope)
        wait = token_over_limit(found.id)
        if wait:
            raise Throttled(wait)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class SessionAuthCSRF(SessionAuth):
    """A signed-in session; CSRF is checked on unsafe methods, and only for a signed-in
    user (a request with neither a session nor a token is 401, not a CSRF failure)."""

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


def requires(scope: str | None = None) -> list[Any]:
    """The `auth=` of a route needing `scope` of a token (None: by method, as the API's
    default). The token is tried first, so a token client never meets the CSRF check."""
    return [TokenAuth(scope), SessionAuthCSRF()]


def caller(request: HttpRequest) -> User:
    """The user a request authenticated by the API runs as."""
    return request.auth  # type: ignore[attr-defined,no-any-return]
