"""The API's response and request shapes (pydantic, through ninja's Schema): explicit
fields, never a whole model."""

from __future__ import annotations

from ninja import Schema


class Me(Schema):
    username: str
    full_name: str
    # The token's scopes; a signed-in session has every scope.
    scopes: list[str]
    token: str | None  # the token's name; None for a session
