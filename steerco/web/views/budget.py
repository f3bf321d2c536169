"""A task's money forms: record an estimate, an allocation (with its monthly plan) or a
disbursement. The task must be one the user sees (404 otherwise); recording needs
`steerco.budget.permissions.may_record` (403 otherwise); the rules are the services'."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from steerco.budget.permissions import MoneyRecord, may_record
from steerco.budget.services import (
    BudgetError,
    allocation_record,
    disbursement_record,
    estimate_record,
)
from steerco.directives.models import Task

from ..access import task_for_user
from ..budget_forms import AllocationForm, DisbursementForm, EstimateForm
from ..typing import AuthenticatedHttpRequest
from ..writes import write_turn
from .common import today

_PAGES: dict[MoneyRecord, tuple[type[forms.Form], Callable[..., Any], StrPromise, StrPromise]] = {
    MoneyRecord.ESTIMATE: (
        EstimateForm,
        estimate_record,
        gettext_lazy("Record an estimate"),
        gettext_lazy("The estimate is recorded."),
    ),
    MoneyRecord.ALLOCATION: (
        AllocationForm,
        allocation_record,
        gettext_lazy("Record an allocation"),
        gettext_lazy("The allocation is recorded."),
    ),
    MoneyRecord.DISBURSEMENT: (
        DisbursementForm,
        disbursement_record,
        gettext_lazy("Record a disbursement"),
        gettext_lazy("The disbursement is recorded."),
    ),
}


def _money_page(request: AuthenticatedHttpRequest, task_id: int, kind: MoneyRecord) -> HttpResponse:
    task: Task = task_for_user(request.user, task_id)
    if not may_record(request.user, kind, task):
        raise PermissionDenied(_("You may not record money for this task."))
    form_class, service, title, done = _PAGES[kind]
    form = form_class(request.POST or None, initial={"year": today().year})
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        if kind != MoneyRecord.ESTIMATE:
            fields["today"] = today()
        try:
            with write_turn():
                service(task=task, author=request.user, **fields)
        except BudgetError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, str(done))
            return redirect("web:task", task.pk)
    return render(
        request,
        "web/budget/form.html",
        {"task": task, "form": form, "title": title, "kind": kind.value},
    )


@require_http_methods(["GET", "POST"])
@login_required
def estimate_new(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    return _money_page(request, task_id, MoneyRecord.ESTIMATE)


@require_http_methods(["GET", "POST"])
@login_required
def allocation_new(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    return _money_page(request, task_id, MoneyRecord.ALLOCATION)


@require_http_methods(["GET", "POST"])
@login_required
def disbursement_new(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    return _money_page(request, task_id, MoneyRecord.DISBURSEMENT)
