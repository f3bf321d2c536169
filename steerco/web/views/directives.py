from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from steerco.directives.models import Directive
from steerco.directives.permissions import visible_directives_q
from steerco.directives.services import (
    DirectiveError,
    directive_create,
    directive_document_attach,
    directive_update,
)
from steerco.units.permissions import Action, may_on_unit, units_with_role

from .. import selectors
from ..access import directive_for_user
from ..directive_forms import DirectiveEditForm
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
            "may_edit": may_on_unit(request.user, Action.MANAGE, directive.issuer),
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


@require_http_methods(["GET", "POST"])
@login_required
def directive_edit(request: AuthenticatedHttpRequest, directive_id: int) -> HttpResponse:
    """A manager of the issuing body corrects the directive and attaches its document."""
    directive = directive_for_user(request.user, directive_id)
    if not may_on_unit(request.user, Action.MANAGE, directive.issuer):
        raise PermissionDenied(_("Only a manager of the issuing body edits this directive."))
    form = DirectiveEditForm(
        request.POST or None,
        request.FILES or None,
        directive=directive,
        implementable=Directive.objects.filter(visible_directives_q(request.user)),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        document = data.pop("document")
        try:
            directive_update(directive=directive, **data)
            if document is not None:
                directive_document_attach(
                    directive=directive,
                    content=document,
                    name=document.name,
                    content_type=form.document_content_type,
                )
        except DirectiveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Directive %(s)s saved.") % {"s": directive.symbol})
            return redirect("web:directive", directive.pk)
    return render(request, "web/directive_edit.html", {"form": form, "directive": directive})


@require_GET
@login_required
def directive_document(request: AuthenticatedHttpRequest, directive_id: int) -> FileResponse:
    """The directive's document, for whoever may open the directive, as a download."""
    directive = directive_for_user(request.user, directive_id)
    if not directive.document:
        raise Http404(_("This directive has no document attached."))
    response = FileResponse(
        directive.document.open("rb"),
        as_attachment=True,
        filename=directive.document_name or (directive.document.name or "").rsplit("/", 1)[-1],
    )
    response["Content-Type"] = directive.document_content_type or "application/octet-stream"
    return response
