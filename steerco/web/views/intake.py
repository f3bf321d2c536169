"""Upload, preview and commit pages for plans and progress sheets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steerco.directives.models import Directive
from steerco.directives.permissions import Action, managed_directives_q, may
from steerco.intake.pending import pending_drop, pending_load, pending_save
from steerco.intake.plans import PlanError, plan_import, plan_preview
from steerco.intake.readers import IntakeFileError
from steerco.intake.sheets import SheetError, sheet_export, sheet_import, sheet_rebase
from steerco.units.models import Unit
from steerco.units.permissions import units_with_role

from ..access import directive_param, unit_by_code, unit_by_id
from ..intake_forms import PlanUploadForm, SheetPickForm, SheetUploadForm
from ..ratelimit import rate_limited
from ..typing import AuthenticatedHttpRequest
from .common import lang
from .unit_sheets import (
    UnitSheet,
    max_upload_mb,
    read_upload,
    unit_sheet_commit,
    unit_sheet_preview,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _importable_directives(user: User) -> QuerySet[Directive]:
    """Directives the user may import a plan into: those issued by a unit they manage (the
    unit itself or one under it) — the rule `_importable_directive` applies on commit."""
    return Directive.objects.filter(managed_directives_q(user)).order_by(
        "-issued_on", "symbol", "pk"
    )


def _importable_directive(user: User, value: str | None) -> Directive:
    """The directive a plan commit names: tasks are created in its issuer's name, so the
    user must manage that issuer. One the user may not even open is not found, exactly like
    one that does not exist; 403 only for one they see but do not manage."""
    directive = directive_param(user, value)
    if directive is None:
        raise Http404(_("No such directive."))
    if not may(user, Action.MANAGE, directive.issuer):
        raise PermissionDenied(
            _("You may import plans only into directives issued by a unit you manage.")
        )
    return directive


@require_http_methods(["GET", "POST"])
@login_required
def plan_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = units_with_role(request.user, Action.MANAGE, communes=False)
    if not units:
        raise PermissionDenied(_("Only managers import plans."))
    unit_qs = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")
    form = PlanUploadForm(
        request.POST or None,
        request.FILES or None,
        directives=_importable_directives(request.user),
        units=unit_qs,
        max_mb=max_upload_mb(),
    )
    if request.method == "POST" and form.is_valid():
        upload, directive, within = (form.cleaned_data[k] for k in ("file", "directive", "within"))
        data = read_upload(upload)
        if data is None:
            form.add_error(
                "file", _("The file is larger than %(mb)s MB.") % {"mb": max_upload_mb()}
            )
        else:
            try:
                result = plan_preview(
                    directive=directive, within=within, name=upload.name, data=data
                )
            except (IntakeFileError, PlanError) as exc:
                form.add_error("file", str(exc))
            else:
                kind = upload.name.rsplit(".", 1)[-1].lower()
                token = pending_save(user_id=request.user.pk, kind=kind, data=data)
                return render(
                    request,
                    "web/intake/plan_preview.html",
                    {"result": result, "token": token, "kind": kind, "name": upload.name},
                )
    return render(request, "web/intake/plan_upload.html", {"form": form})


@require_POST
@login_required
def plan_commit(request: AuthenticatedHttpRequest) -> HttpResponse:
    directive = _importable_directive(request.user, request.POST.get("directive"))
    within = unit_by_id(request.user, request.POST.get("within"), Action.MANAGE)
    token, kind, name = (request.POST.get(k, "") for k in ("token", "kind", "name"))
    data = pending_load(user_id=request.user.pk, token=token, kind=kind)
    if data is None:
        raise Http404(_("This upload has expired; upload the file again."))
    result = plan_import(
        directive=directive,
        within=within,
        name=name or f"plan.{kind}",
        data=data,
        commit=True,
        assigned_by=directive.issuer,
    )
    if not result.committed:
        return render(
            request,
            "web/intake/plan_preview.html",
            {"result": result, "token": token, "kind": kind, "name": name},
            status=422,
        )
    pending_drop(user_id=request.user.pk, token=token, kind=kind)
    messages.success(
        request,
        _("%(created)s tasks created, %(updated)s updated, %(cascaded)s sub-tasks cascaded.")
        % {"created": result.created, "updated": result.updated, "cascaded": result.cascaded},
    )
    return redirect("web:directive", directive.pk)


def _progress_sheet() -> UnitSheet:
    """The progress sheet's round trip: its rows reported as of today."""

    def importer(**kwargs: Any) -> Any:
        return sheet_import(reported_on=timezone.localdate(), **kwargs)

    return UnitSheet(
        importer, (IntakeFileError, SheetError), "web/intake/sheet_preview.html", "intake:sheets"
    )


@require_http_methods(["GET", "POST"])
@login_required
def sheet_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Every unit the user reports for and those right below: a province's departments and
    # its communes.
    units = units_with_role(request.user, Action.REPORT)
    pick = SheetPickForm(request.GET or None, units=units, lang=lang())
    if pick.is_valid():
        return redirect("intake:sheet_export", pick.cleaned_data["unit"].code)
    form = SheetUploadForm(request.POST or None, request.FILES or None, units=units, lang=lang())
    if request.method == "POST" and form.is_valid():
        preview = unit_sheet_preview(request, form, _progress_sheet())
        if preview is not None:
            return preview
    return render(
        request,
        "web/intake/sheets.html",
        {"form": form, "pick": pick, "units": units},
        status=400 if pick.is_bound else 200,
    )


@require_GET
@login_required
@rate_limited("exports")
def sheet_download(request: AuthenticatedHttpRequest, unit_code: str) -> HttpResponse:
    unit = unit_by_code(request.user, unit_code, Action.REPORT)
    day = timezone.localdate()
    response = HttpResponse(sheet_export(unit=unit, exported_on=day), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="tien-do-{unit.code}-{day:%Y%m%d}.xlsx"'
    )
    return response


@require_POST
@login_required
def sheet_commit(request: AuthenticatedHttpRequest) -> HttpResponse:
    result, refused = unit_sheet_commit(request, _progress_sheet())
    if refused is not None:
        return refused
    messages.success(request, _("%(n)s progress updates recorded.") % {"n": len(result.updates)})
    return redirect("intake:sheets")


@require_POST
@login_required
@rate_limited("exports")
def sheet_rebase_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A fresh sheet of the unit the user reports for that keeps every entry of the held
    upload (after conflicts)."""
    unit = unit_by_code(request.user, request.POST.get("unit"), Action.REPORT)
    token, name = request.POST.get("token", ""), request.POST.get("name", "")
    data = pending_load(user_id=request.user.pk, token=token, kind="xlsx")
    if data is None:
        raise Http404(_("This upload has expired; upload the file again."))
    try:
        rebased = sheet_rebase(
            name=name or "sheet.xlsx",
            data=data,
            exported_on=timezone.localdate(),
            unit=unit,
            user=request.user,
        )
    except (IntakeFileError, SheetError) as exc:
        messages.error(request, str(exc))
        return redirect("intake:sheets")
    response = HttpResponse(rebased, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="tien-do-{unit.code}-{timezone.localdate():%Y%m%d}-moi.xlsx"'
    )
    return response
