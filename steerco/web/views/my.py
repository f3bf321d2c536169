from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import selectors
from ..typing import AuthenticatedHttpRequest
from .common import today


@require_GET
@login_required
def my_work(request: AuthenticatedHttpRequest) -> HttpResponse:
    work = selectors.my_work(user=request.user, as_of=today())
    # Below the month's list to report on (work.to_report, which holds the recurring
    # tasks due this period too): what waits for acceptance, then the deadlines.
    sections = [
        (_("Waiting for acceptance"), work.awaiting_acceptance, "awaiting"),
        (_("Overdue"), work.overdue, "overdue"),
        (_("Due within 14 days"), work.due_soon, "due_soon"),
    ]
    return render(
        request,
        "web/my.html",
        {
            "work": work,
            "sections": sections,
            "limit": selectors.MY_WORK_LIMIT,
            # One key per page and task: a double tap on "no change" records one report.
            "page_key": uuid.uuid4().hex,
        },
    )
