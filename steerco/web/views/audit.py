"""The audit log (/audit/): every recorded change, newest first, for administrators of the
whole tree (a superuser, or the administrator of every root unit); filtered by object
type, actor and days. A task's own changes are on its page (views/tasks.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from steerco.accounts.permissions import administers_everything
from steerco.audit import selectors

from ..audit_forms import AuditFilter
from ..typing import AuthenticatedHttpRequest
from .common import valid_or_400

PAGE_SIZE = 100


@require_GET
@login_required
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not administers_everything(request.user):
        raise PermissionDenied(_("Only administrators of the whole tree read the audit log."))
    types = selectors.object_types()
    form = AuditFilter(request.GET, types=types)
    data = valid_or_400(form)
    events = selectors.events(
        object_type=data["type"] or None,
        action=data["action"] or None,
        by=data["by"],
        day_from=data["day_from"],
        day_to=data["day_to"],
    )
    try:
        page = Paginator(events, PAGE_SIZE).page(data["page"] or 1)
    except EmptyPage:
        raise Http404(_("No such page.")) from None
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "entries": selectors.entries(page.object_list),
        "query": query.urlencode(),
    }
    return render(request, "web/audit/log.html", context)
