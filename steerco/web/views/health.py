"""/healthz: for load balancers and monitoring; public, and says nothing beyond whether the
database answers, whether migrations are pending, and when scheduled commands last ran."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from steerco.ops.health import health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, body = health()
    return JsonResponse(body, status=200 if healthy else 503)
