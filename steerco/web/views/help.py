"""Help: a page per role (what each can do, step by step) and the glossary of the
measures the pages show. The prose is long, so each page has a Vietnamese and an English
template, chosen by the page's language (`web/help/<page>.<lang>.html`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ..typing import AuthenticatedHttpRequest

ROLES = {
    "viewer": _("Viewer"),
    "reporter": _("Reporter"),
    "manager": _("Manager"),
    "administrator": _("Administrator"),
}


def _language() -> str:
    return "vi" if (get_language() or "vi").startswith("vi") else "en"


@require_GET
@login_required
def help_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "web/help/index.html", {"roles": ROLES})


@require_GET
@login_required
def help_role(request: AuthenticatedHttpRequest, role: str) -> HttpResponse:
    if role not in ROLES:
        raise Http404
    body = f"web/help/{role}.{_language()}.html"
    return render(
        request,
        "web/help/page.html",
        {"roles": ROLES, "role": role, "title": ROLES[role], "body": body},
    )


@require_GET
@login_required
def glossary(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "web/help/glossary.html", {"body": f"web/help/glossary.{_language()}.html"}
    )
