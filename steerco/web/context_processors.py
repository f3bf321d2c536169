"""Template context every page has (no database access)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        "steerco_languages": settings.LANGUAGES,
        "steerco_colours": settings.STEERCO_COLOURS,
    }
