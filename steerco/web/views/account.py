from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from steerco.accounts.models import AccessToken
from steerco.accounts.tokens import (
    TokenDenied,
    TokenError,
    default_days,
    may_revoke,
    token_create,
    token_revoke,
    token_state,
    tokens_of,
)

from ..services import LANGUAGE_SESSION_KEY, language_codes, preference_set_language
from ..token_forms import TokenCreateForm
from ..typing import AuthenticatedHttpRequest
from ..writes import write_turn


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


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My personal access tokens for the API: the list, and a form creating one. A new
    token is shown on the page the form's POST answers, once (nothing keeps it)."""
    form = TokenCreateForm(request.POST or None, initial={"expires_days": default_days()})
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            with write_turn():
                issued = token_create(
                    actor=request.user,
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    expires_days=form.cleaned_data["expires_days"],
                )
        except TokenError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            form = TokenCreateForm(initial={"expires_days": default_days()})
    now = timezone.now()
    rows = [{"token": t, "state": token_state(t, now)} for t in tokens_of(request.user)]
    return render(
        request, "web/account/tokens.html", {"form": form, "issued": issued, "rows": rows}
    )


@require_POST
@login_required
def token_revoke_view(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    """Revoke a token: one's own, or one of an account one administers (404 for any other,
    as for one that does not exist)."""
    token = AccessToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None or not may_revoke(request.user, token):
        raise Http404(_("No such token."))
    try:
        with write_turn():
            token_revoke(actor=request.user, token=token)
    except TokenDenied:  # pragma: no cover - may_revoke asked just above
        raise Http404(_("No such token.")) from None
    except TokenError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The token %(name)s is revoked: it no longer works.") % {"name": token.name}
        )
    if token.user_id != request.user.pk:
        return HttpResponseRedirect(reverse("people:account", kwargs={"account_id": token.user_id}))
    return HttpResponseRedirect(reverse("web:tokens"))
