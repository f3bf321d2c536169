"""/people/link/<token>/: the page a one-time link opens (an invitation or a password
reset). No sign-in: the token is the proof. It sets a password that passes the password
policy, once; a used, ended or expired link is refused (410), an unknown one not found
(404). The rules are in `steerco.accounts.links`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from steerco.accounts.links import LinkError, LinkState, link_lookup, link_redeem
from steerco.accounts.models import LinkPurpose


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    # The token is in this page's address. The site's Referrer-Policy (same-origin) keeps it
    # from leaving the site; "no-referrer" would make the browser send `Origin: null` with
    # the form, which the CSRF check rightly refuses.
    return _link_page(request, token)


@sensitive_variables("token")
def _link_page(request: HttpRequest, token: str) -> HttpResponse:
    found, state = link_lookup(token)
    if found is None or state is not LinkState.OPEN:
        return render(
            request,
            "web/people/link_refused.html",
            {"state": str(state)},
            status=404 if state is LinkState.UNKNOWN else 410,
        )
    form = SetPasswordForm(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = link_redeem(token=token, password=form.cleaned_data["new_password1"])
        except LinkError as exc:
            form.add_error("new_password1", str(exc))
        else:
            messages.success(
                request,
                _("Your password is set, %(name)s. Sign in with your user name %(username)s.")
                % {
                    "name": user.get_full_name() or user.get_username(),
                    "username": user.get_username(),
                },
            )
            return redirect("login")
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"
    return render(
        request,
        "web/people/link.html",
        {
            "form": form,
            "account": found.user,
            "invitation": found.purpose == LinkPurpose.INVITE,
            "expires_at": found.expires_at,
        },
        status=400 if form.is_bound else 200,
    )
