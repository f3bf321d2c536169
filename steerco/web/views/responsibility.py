"""A task's "Transfer responsibility" page: managers of the task's lead unit name the
official responsible from a date (and a deputy), through
steerco.directives.responsibility.responsibility_record. The task must be one the user
sees (404 otherwise); anyone else gets 403; the service's refusals are shown on the field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from steerco.directives.models import Task
from steerco.directives.responsibility import responsibility_record
from steerco.directives.services import DirectiveError
from steerco.units.permissions import Action, may_on_unit

from ..access import task_for_user
from ..responsibility_forms import TransferForm
from ..typing import AuthenticatedHttpRequest
from ..writes import write_turn
from .common import today


def may_transfer(user: object, task: Task) -> bool:
    """Managers of the task's lead unit (and of units above it) transfer its responsibility."""
    return may_on_unit(user, Action.MANAGE, task.lead_unit)  # type: ignore[arg-type]


@require_http_methods(["GET", "POST"])
@login_required
def transfer(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task: Task = task_for_user(request.user, task_id)
    if not may_transfer(request.user, task):
        raise PermissionDenied(_("Only managers of the lead unit transfer its responsibility."))
    form = TransferForm(request.POST or None, task=task, initial={"since": today()})
    if request.method == "POST" and form.is_valid():
        try:
            with write_turn():
                responsibility_record(task=task, author=request.user, **form.cleaned_data)
        except DirectiveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("The responsibility is recorded."))
            return redirect("web:task", task.pk)
    return render(request, "web/tasks/responsibility_form.html", {"task": task, "form": form})
