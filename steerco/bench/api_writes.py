"""The API's bulk write, timed: one POST /api/v1/progress-updates/bulk of 500 updates on
the province's open tasks, with a personal access token (the integrators' way in), through
Django's whole request handling in this process. Each run is rolled back, so the dataset
stays as generated; a run that records fewer than all 500 is an error, never a number."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone

from steerco.directives.models import Task, TaskState
from steerco.units.models import Membership, Role, Unit

BULK_ITEMS = 500
URL = "/api/v1/progress-updates/bulk"


class _Rollback(Exception):  # noqa: N818 - control flow, not an error
    pass


def _host() -> str:
    """A host name the settings allow (the test client's 'testserver' may not be)."""
    names = [h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")]
    return names[0] if names else "localhost"


def _items(province: Unit) -> list[dict[str, object]]:
    today = timezone.localdate()
    tasks = (
        Task.objects.in_subtree(province)
        .filter(
            cancelled_on__isnull=True,
            recurring=False,
            state__in=[TaskState.NOT_STARTED, TaskState.IN_PROGRESS],
            assigned_on__lte=today,
        )
        .order_by("id")
        .values_list("id", "percent")[:BULK_ITEMS]
    )
    return [
        {
            "task": task_id,
            "reported_on": today.isoformat(),
            "state": "in_progress",
            "percent": max(percent, 50),
            "done": "Đã triển khai (benchmark)",
        }
        for task_id, percent in tasks
    ]


def timed_bulk(
    province: Unit, runs: int, timed: Callable[[Callable[[], object], int], tuple[float, float]]
) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, items per request) of the bulk POST on `province`'s open tasks;
    everything it writes (the reporter, the token, the updates) is rolled back."""
    from steerco.accounts.tokens import token_create

    try:
        with transaction.atomic():
            user, _ = get_user_model().objects.get_or_create(username="bench-api-reporter")
            Membership.objects.get_or_create(user=user, unit=province, role=Role.REPORTER)
            token = token_create(actor=None, user=user, name="bench", scopes="report").token
            items = _items(province)
            if not items:
                raise RuntimeError(f"{province.name} has no open task to report on")
            body = json.dumps({"items": items})
            client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", SERVER_NAME=_host())

            def post_once() -> None:
                with transaction.atomic():
                    response = client.post(URL, body, content_type="application/json")
                    data = response.json()
                    if response.status_code != 200 or data["recorded"] != len(items):
                        raise RuntimeError(
                            f"bulk POST answered {response.status_code}, recorded "
                            f"{data.get('recorded')} of {len(items)}: {str(data)[:300]}"
                        )
                    transaction.set_rollback(True)

            p50, p95 = timed(post_once, runs)
            raise _Rollback
    except _Rollback:
        pass
    return p50, p95, len(items)
