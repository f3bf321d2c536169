"""Writes of the web application's own data (user preferences)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from .models import UserPreference

if TYPE_CHECKING:
    from django.contrib.auth.models import User

LANGUAGE_SESSION_KEY = "steerco_language"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def preference_language(*, user: User) -> str:
    pref = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return pref or settings.LANGUAGE_CODE


def preference_set_language(*, user: User, language: str) -> UserPreference:
    if language not in language_codes():
        raise ValueError(f"unknown language {language!r}")
    pref, _created = UserPreference.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return pref
