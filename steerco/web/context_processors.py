"""Template context every page has (no database access)."""

from django.conf import settings


def navigation(request):  # type: ignore[no-untyped-def]
    return {
        "steerco_languages": settings.LANGUAGES,
        "steerco_colours": settings.STEERCO_COLOURS,
    }
