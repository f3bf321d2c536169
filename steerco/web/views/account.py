from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ..services import LANGUAGE_SESSION_KEY, language_codes, preference_set_language


@require_POST
def language_switch(request: HttpRequest) -> HttpResponseRedirect:
    """Switch the interface language; remembered on the user (and in a cookie before sign-in)."""
    language = request.POST.get("language", "")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in language_codes():
        if request.user.is_authenticated:
            preference_set_language(user=request.user, language=language)
        request.session[LANGUAGE_SESSION_KEY] = language
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico on pages that name none (the admin)."""
    return HttpResponseRedirect(static("web/favicon.svg"))
