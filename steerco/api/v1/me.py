"""GET /me: who the request runs as, and what it may do with its credentials."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from steerco.api.auth import SCOPES

from .schemas import Me

router = Router(tags=["me"])


@router.get("/me", response=Me, url_name="me", summary="The caller")
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.auth  # type: ignore[attr-defined]
    token = getattr(request, "api_token", None)
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name() or user.get_username(),
        "scopes": list(token.scopes) if token is not None else list(SCOPES),
        "token": token.name if token is not None else None,
    }
