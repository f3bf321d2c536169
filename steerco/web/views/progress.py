from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steerco.directives.models import Task
from steerco.directives.permissions import may
from steerco.progress.models import ProgressUpdate, UpdateKind
from steerco.progress.services import (
    ProgressError,
    UploadedEvidence,
    completion_accept,
    completion_return,
    extension_decide,
    extension_request,
    progress_report,
)
from steerco.units.permissions import Action

from ..access import evidence_for_user, extension_for_user, task_for_user, task_to_report
from ..forms import (
    AcceptForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressReportForm,
    ReturnForm,
)
from ..typing import AuthenticatedHttpRequest
from ..writes import write_turn
from .common import today


@require_http_methods(["GET", "POST"])
@login_required
def task_report(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task, unit = task_to_report(request.user, task_id)
    contribution = unit.pk != task.lead_unit_id
    initial: dict[str, Any] = {"reported_on": today(), "state": task.state, "percent": task.percent}
    last = _last_report(task) if request.method == "GET" else None
    if last is not None:  # prefilled from the last report; what was done is this month's
        initial.update(
            obstacles=last.obstacles,
            proposals=last.proposals,
            product_symbol=last.product_symbol,
            product_date=last.product_date,
            links=last.links,
        )
    form = ProgressReportForm(
        request.POST or None,
        request.FILES or None,
        task=task,
        today=today(),
        may_backdate=lambda: may(request.user, Action.MANAGE, task),
        contribution=contribution,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        upload = d.get("evidence")
        files = (
            [UploadedEvidence(upload.name, form.evidence_content_type, upload.size, upload)]
            if upload
            else []
        )
        try:
            with write_turn():
                progress_report(
                    task=task,
                    reported_on=d["reported_on"],
                    state=d.get("state"),  # none on a contribution: the task's own
                    percent=d.get("percent"),
                    done=d["done"],
                    obstacles=d["obstacles"],
                    proposals=d["proposals"],
                    product_symbol=d["product_symbol"],
                    product_date=d["product_date"],
                    links=d["links"],
                    unit=unit,
                    author=request.user,
                    idempotency_key=d["idempotency_key"],
                    files=files,
                )
        except ProgressError as exc:
            if exc.field == "idempotency_key":
                # Nothing was recorded: say so above the form, and give it a fresh key.
                form.add_error(None, str(exc))
                form.renew_key()
            else:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Your update is recorded."))
            return redirect("web:task", task.pk)
    max_mb = round(settings.STEERCO_UPLOAD_MAX_BYTES / 1048576)
    return render(
        request,
        "web/tasks/report.html",
        {"task": task, "form": form, "max_mb": max_mb, "unit": unit},
    )


def _last_report(task: Task) -> ProgressUpdate | None:
    return (
        ProgressUpdate.objects.filter(task=task, kind=UpdateKind.REPORT)
        .order_by("-recorded_at", "-pk")
        .first()
    )


@require_POST
@login_required
def task_report_unchanged(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """'No change since last month': a new report repeating the last state and percent,
    through the progress service (the history is never edited); refused when nothing
    was ever reported."""
    task, unit = task_to_report(request.user, task_id)
    last = _last_report(task)
    if last is None:
        messages.error(request, _("Nothing was ever reported on this task: open its report form."))
        return redirect("web:my")
    try:
        with write_turn():
            progress_report(
                task=task,
                reported_on=today(),
                # The state and percent the history ends on (the task's cache): after a
                # returned completion that is the return's, not the completed report's.
                state=task.state if unit.pk == task.lead_unit_id else None,
                percent=task.percent if unit.pk == task.lead_unit_id else None,
                done=_("No change since last month."),
                unit=unit,
                author=request.user,
                idempotency_key=request.POST.get("idempotency_key") or None,
            )
    except ProgressError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Recorded: no change since last month."))
    return redirect("web:my")


def _decided(
    request: AuthenticatedHttpRequest,
    task: Task,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
) -> bool:
    if form.is_valid():
        try:
            with write_turn():
                action(form.cleaned_data)
        except ProgressError as exc:
            messages.error(request, str(exc))
        else:
            return True
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(map(str, errors)))
    return False


@require_POST
@login_required
def task_accept(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = task_for_user(request.user, task_id, Action.MANAGE)
    form = AcceptForm(request.POST)
    if _decided(
        request,
        task,
        form,
        lambda d: completion_accept(
            task=task, decided_on=today(), author=request.user, note=d["note"]
        ),
    ):
        messages.success(request, _("Completion accepted."))
    return redirect("web:task", task.pk)


@require_POST
@login_required
def task_return(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = task_for_user(request.user, task_id, Action.MANAGE)
    form = ReturnForm(request.POST)
    if _decided(
        request,
        task,
        form,
        lambda d: completion_return(
            task=task, decided_on=today(), reason=d["reason"], author=request.user
        ),
    ):
        messages.success(request, _("Completion returned."))
    return redirect("web:task", task.pk)


@require_POST
@login_required
def extension_new(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = task_for_user(request.user, task_id, Action.REPORT)
    form = ExtensionRequestForm(request.POST)
    if _decided(
        request,
        task,
        form,
        lambda d: extension_request(
            task=task,
            requested_on=today(),
            new_due_on=d["new_due_on"],
            reason=d["reason"],
            author=request.user,
            late_reason=d["late_reason"],
        ),
    ):
        messages.success(request, _("Extension requested."))
    return redirect("web:task", task.pk)


@require_POST
@login_required
def extension_decision(request: AuthenticatedHttpRequest, extension_id: int) -> HttpResponse:
    extension = extension_for_user(request.user, extension_id)
    form = ExtensionDecisionForm(request.POST)
    if _decided(
        request,
        extension.task,
        form,
        lambda d: extension_decide(
            extension=extension,
            approve=d["decision"] == "approve",
            decided_on=today(),
            author=request.user,
            note=d["note"],
        ),
    ):
        messages.success(request, _("Extension decided."))
    return redirect("web:task", extension.task_id)


@require_GET
@login_required
def evidence_download(request: AuthenticatedHttpRequest, file_id: int) -> FileResponse:
    """Evidence is served only to those who may view its task, always as a download."""
    evidence = evidence_for_user(request.user, file_id)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)
    response["Content-Type"] = evidence.content_type or "application/octet-stream"
    return response
