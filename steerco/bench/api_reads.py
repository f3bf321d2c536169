"""The API's task list, timed: GET /api/v1/tasks?unit=PROVINCE&limit=100 — one page of 100
tasks classified as of today, as JSON — with a personal access token (the integrators' way
in), through Django's whole request handling in this process. The viewer and the token it
creates are rolled back; a page with fewer than 100 tasks is an error, never a number."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from steerco.units.models import Membership, Role, Unit

from .api_writes import _host

PAGE = 100


class _Rollback(Exception):  # noqa: N818 - control flow, not an error
    pass


def timed_list(
    province: Unit, runs: int, timed: Callable[[Callable[[], object], int], tuple[float, float]]
) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, bytes of a page) of one page of the province's task list."""
    from steerco.accounts.tokens import token_create

    try:
        with transaction.atomic():
            user, _ = get_user_model().objects.get_or_create(username="bench-api-viewer")
            Membership.objects.get_or_create(user=user, unit=province, role=Role.VIEWER)
            token = token_create(actor=None, user=user, name="bench", scopes="read").token
            client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", SERVER_NAME=_host())
            url = f"/api/v1/tasks?unit={province.code}&limit={PAGE}"
            size = 0

            def get_once() -> None:
                nonlocal size
                response = client.get(url)
                items = response.json().get("items", []) if response.status_code == 200 else []
                if len(items) != PAGE:
                    raise RuntimeError(
                        f"GET {url} answered {response.status_code} with {len(items)} tasks: "
                        f"{response.content[:300]!r}"
                    )
                size = len(response.content)

            p50, p95 = timed(get_once, runs)
            raise _Rollback
    except _Rollback:
        pass
    return p50, p95, size
