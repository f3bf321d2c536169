"""Language selection: Vietnamese unless the user chose otherwise.

Replaces Django's LocaleMiddleware so the browser's Accept-Language does not
override the default: a signed-in user's choice lives in their preference (copied
into the session at sign-in); before sign-in, the language cookie set by the switch.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .services import LANGUAGE_SESSION_KEY, language_codes


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        language = (
            request.session.get(LANGUAGE_SESSION_KEY) if hasattr(request, "session") else None
        )
        if language is None:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in language_codes():
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
