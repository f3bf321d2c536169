"""Account administration pages (/people/): who holds which role where in the subtrees a
manager manages, one account's page, a new account or invitation, roles given and taken
away, deactivation and reactivation, a one-time password link, a two-factor reset.

The rules are `steerco.accounts.permissions`; the writes `steerco.accounts.services`. An
account the user may not see is not found (404), like one that does not exist; one they
see but whose roles their own do not cover is refused (403). Every change is a POST.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steerco.accounts import services, two_factor
from steerco.accounts.links import IssuedLink, link_url
from steerco.accounts.permissions import manages_accounts, may_administer, roles_actor_gives
from steerco.accounts.selectors import account_view, role_directory
from steerco.accounts.tokens import tokens_in_use
from steerco.units.models import Membership, Role, Unit
from steerco.units.permissions import Action, units_with_role

from ..access import unit_by_code
from ..accounts_forms import AccountForm, DetailsForm, DirectoryFilter, RoleForm
from ..typing import AuthenticatedHttpRequest
from .common import valid_or_400

PAGE_SIZE = 100


def _manager(request: AuthenticatedHttpRequest) -> None:
    if not manages_accounts(request.user):
        raise PermissionDenied(_("Only managers and administrators administer accounts."))


def _account(request: AuthenticatedHttpRequest, account_id: int, *, administer: bool) -> Any:
    """The account, if the user may see it (404 otherwise); with `administer`, 403 when its
    roles are not all within what the user's own roles cover."""
    account = services.account_visible(request.user, account_id)
    if account is None:
        raise Http404(_("No such account."))
    if administer and not may_administer(
        request.user, account, Membership.objects.filter(user=account).select_related("unit")
    ):
        raise PermissionDenied(_("This account holds roles that your own roles do not cover."))
    return account


def _unit_choices(request: AuthenticatedHttpRequest) -> list[Unit]:
    return units_with_role(request.user, Action.MANAGE)


def _role_form(request: AuthenticatedHttpRequest, data: Any = None) -> RoleForm:
    """The form giving a role, its unit picker offering the units the user manages."""
    return RoleForm(
        data,
        roles=roles_actor_gives(request.user),
        units=_unit_choices(request),
        lang=get_language(),
    )


@require_GET
@login_required
def directory(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manager(request)
    units = _unit_choices(request)
    data = valid_or_400(DirectoryFilter(request.GET))
    within = unit_by_code(request.user, data["unit"], Action.MANAGE) if data["unit"] else None
    rows = role_directory(
        request.user,
        within=within,
        role=data["role"] or None,
        search=data["q"],
        status=data["status"] or "all",
    )
    try:
        page = Paginator(rows, PAGE_SIZE).page(data["page"] or 1)
    except EmptyPage:
        raise Http404(_("No such page.")) from None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/people/directory.html",
        {
            "page": page,
            "units": units,
            "filters": data,
            "role_choices": Role.choices,
            "query": query.urlencode(),
        },
    )


def _render_account(
    request: AuthenticatedHttpRequest,
    account: Any,
    *,
    role_form: RoleForm | None = None,
    details_form: DetailsForm | None = None,
    issued: IssuedLink | None = None,
    status: int = 200,
) -> HttpResponse:
    view = account_view(request.user, account)
    context = {
        "view": view,
        "account": account,
        "role_form": role_form or _role_form(request),
        "details_form": details_form
        or DetailsForm(initial={"full_name": account.get_full_name(), "email": account.email}),
        "has_authenticator": two_factor.has_device(account),
        "open_link": account.one_time_links.open().order_by("-pk").first(),
        "issued": issued,
        "issued_url": request.build_absolute_uri(link_url(issued.token)) if issued else "",
        # The account's API tokens, for whoever administers it to revoke (issue 18).
        "tokens": tokens_in_use(account) if view.may_administer else [],
    }
    return render(request, "web/people/account.html", context, status=status)


@require_GET
@login_required
def account_detail(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    return _render_account(request, _account(request, account_id, administer=False))


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
@login_required
def account_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manager(request)
    form = AccountForm(
        request.POST or None,
        roles=roles_actor_gives(request.user),
        units=_unit_choices(request),
        lang=get_language(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = data["unit"]
        if unit is not None:
            try:
                account, issued = services.account_create(
                    actor=request.user,
                    details=services.AccountDetails(
                        data["username"].strip(), data["full_name"].strip(), data["email"]
                    ),
                    unit=unit,
                    role=data["role"],
                    password=data["password1"],
                )
            except services.AccountDenied:
                form.add_error("unit", _("Your roles do not allow giving this role there."))
            except services.AccountError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Account %(name)s created.") % {"name": account})
                return _render_account(request, account, issued=issued)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "web/people/new.html",
        {"form": form},
        status=status,
    )


@require_POST
@login_required
def role_give(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id, administer=False)
    form = _role_form(request, request.POST)
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        if unit is not None:
            try:
                services.role_give(
                    actor=request.user, account=account, unit=unit, role=form.cleaned_data["role"]
                )
            except services.AccountDenied:
                raise PermissionDenied(
                    _("Your roles do not allow giving this role on %(unit)s.") % {"unit": unit}
                ) from None
            messages.success(request, _("Role given."))
            return redirect("people:account", account_id=account.pk)
    return _render_account(request, account, role_form=form, status=400)


@require_POST
@login_required
def role_take(
    request: AuthenticatedHttpRequest, account_id: int, membership_id: int
) -> HttpResponse:
    account = _account(request, account_id, administer=False)
    view = account_view(request.user, account)
    row = next((r for r in view.roles if r.membership.pk == membership_id), None)
    if row is None:
        raise Http404(_("No such role."))
    if not row.may_take:
        raise PermissionDenied(_("Your roles do not allow taking this role away."))
    services.role_take(actor=request.user, membership=row.membership)
    messages.success(request, _("Role taken away."))
    return redirect("people:account", account_id=account.pk)


def _act(
    request: AuthenticatedHttpRequest, account_id: int, action: Any, done: str
) -> HttpResponse:
    account = _account(request, account_id, administer=True)
    try:
        action(actor=request.user, account=account)
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("people:account", account_id=account.pk)


@require_POST
@login_required
def deactivate(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    return _act(
        request,
        account_id,
        services.account_deactivate,
        _("Account deactivated: it can no longer sign in; what it wrote keeps its name."),
    )


@require_POST
@login_required
def reactivate(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    return _act(request, account_id, services.account_reactivate, _("Account reactivated."))


@require_POST
@login_required
def two_factor_reset(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    return _act(
        request,
        account_id,
        services.two_factor_reset,
        _("Two-factor sign-in reset: the official sets up an authenticator at the next sign-in."),
    )


@never_cache
@require_POST
@login_required
def password_link(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    """A one-time link to set a password, shown once on the page this POST answers."""
    account = _account(request, account_id, administer=True)
    try:
        issued = services.password_link_issue(actor=request.user, account=account)
    except services.AccountError as exc:
        messages.error(request, str(exc))
        return redirect("people:account", account_id=account.pk)
    return _render_account(request, account, issued=issued)


@require_POST
@login_required
def details(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    """Correct the official's full name or e-mail."""
    account = _account(request, account_id, administer=True)
    form = DetailsForm(request.POST)
    if form.is_valid():
        try:
            services.account_details_change(
                actor=request.user,
                account=account,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
            )
        except services.AccountError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Details saved."))
            return redirect("people:account", account_id=account.pk)
    return _render_account(request, account, details_form=form, status=400)
