"""The sign-in pages: the password page (saying when two-factor sign-in is off), the
second step (a code from the authenticator or a recovery code) and the enrolment of an
authenticator. The rules are in `steerco.accounts.two_factor`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from steerco.accounts import two_factor

from ..typing import AuthenticatedHttpRequest


class SignInView(LoginView):
    """Django's sign-in page, telling the user when two-factor sign-in is off."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["two_factor_on"] = two_factor.two_factor_on()
        return context


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second step after the password: a code from the authenticator, or a recovery code."""
    user: Any = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next(request))
    if not two_factor.has_device(user):
        return redirect(f"{reverse('signin:enrol')}?{urlencode({'next': _next(request)})}")
    error = ""
    if request.method == "POST":
        device = two_factor.device_for_token(user, request.POST.get("token", ""))
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_next(request))
        error = _("That code is not right (or was already used). Try the current one.")
    return render(
        request,
        "registration/two_factor_verify.html",
        {"next": _next(request), "error": error},
        status=400 if error else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm with the
    first code; the recovery codes are shown once. A user who already has an authenticator
    must pass it first (a password alone never replaces one)."""
    user: Any = request.user
    if two_factor.has_device(user) and not user.is_verified():
        return redirect(f"{reverse('signin:verify')}?{urlencode({'next': _next(request)})}")
    device = two_factor.pending_totp(user)
    error = ""
    if request.method == "POST":
        codes = two_factor.totp_confirm(user, device, request.POST.get("token", ""))
        if codes is not None:
            otp_login(request, device)
            return render(
                request,
                "registration/two_factor_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        error = _("That code is not right. Type the code your app shows now.")
    uri = two_factor.otpauth_uri(device)
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "uri": uri,
            "qr": two_factor.qr_svg_data_uri(uri),
            "key": two_factor.base32_key(device),
            "next": _next(request),
            "error": error,
            # "Your role requires …" only where it does (managers and administrators).
            "required": two_factor.two_factor_required(user),
        },
        status=400 if error else 200,
    )
