from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from steerco.directives.models import Directive
from steerco.directives.permissions import visible_directives_q
from steerco.directives.services import DirectiveError, directive_create
from steerco.units.permissions import Action, units_with_role

from .. import selectors
from ..access import directive_for_user
from ..forms import DirectiveForm
from ..typing import AuthenticatedHttpRequest
from .common import today

TREE_LIMIT = 150  # tasks at the top of the tree; the task list has them all


@require_GET
@login_required
def directive_detail(request: AuthenticatedHttpRequest, directive_id: int) -> HttpResponse:
    directive = directive_for_user(request.user, directive_id)
    as_of = today()
    tree = selectors.directive_tree(user=request.user, directive=directive, as_of=as_of)
    # What it implements, if the reader may open that too (a commune's plan may implement
    # a provincial plan the commune has no task of).
    visible = Directive.objects.filter(visible_directives_q(request.user))
    implements = (
        visible.filter(pk=directive.implements_id).first() if directive.implements_id else None
    )
    return render(
        request,
        "web/directive_detail.html",
        {
            "directive": directive,
            "implements": implements,
            # Only those the reader may open: a province sees its own programme, not its peers'.
            "implementations": directive.implementations.filter(visible_directives_q(request.user))
            .select_related("issuer")
            .order_by("issued_on", "pk"),
            "tree": tree[:TREE_LIMIT],
            "tree_total": len(tree),
            "as_of": as_of,
            "may_add_task": bool(
                units_with_role(request.user, Action.MANAGE, within=directive.issuer)
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def directive_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    issuers = units_with_role(request.user, Action.MANAGE)
    if not issuers:
        raise PermissionDenied(_("Only managers create directives."))
    form = DirectiveForm(
        request.POST or None,
        issuers=issuers,
        implementable=Directive.objects.filter(visible_directives_q(request.user)),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            directive = directive_create(
                symbol=data["symbol"],
                kind=data["kind"],
                issuer=form.issuers[data["issuer"]],
                issued_on=data["issued_on"],
                title=data["title"],
                implements=data["implements"],
                requires_acceptance=data["requires_acceptance"],
            )
        except DirectiveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Directive %(s)s created.") % {"s": directive.symbol})
            return redirect("web:directive", directive.pk)
    return render(request, "web/directive_form.html", {"form": form})
