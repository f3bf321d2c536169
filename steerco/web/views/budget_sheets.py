"""The disbursement sheet on the web: download a unit's sheet for a year, upload it filled
in, preview, record — the round trip of `steerco sheet budget-export/budget-import`, with
the progress sheets' page as its model (the unit is the uploader's choice, checked first;
the file is user input throughout, checked by `steerco.intake.budget_sheet_import`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steerco.directives.permissions import Action
from steerco.intake.budget_sheet_import import BudgetSheetError, budget_sheet_import
from steerco.intake.budget_sheets import budget_sheet_export
from steerco.intake.readers import IntakeFileError
from steerco.lib.days import FIRST_DAY, LAST_DAY
from steerco.units.permissions import units_with_role

from ..access import unit_by_code
from ..budget_forms import DisbursementSheetPickForm, DisbursementSheetUploadForm
from ..ratelimit import rate_limited
from ..typing import AuthenticatedHttpRequest
from .common import lang
from .intake import XLSX
from .unit_sheets import UnitSheet, unit_sheet_commit, unit_sheet_preview

DISBURSEMENT_SHEET = UnitSheet(
    budget_sheet_import,
    (IntakeFileError, BudgetSheetError),
    "web/intake/disbursement_preview.html",
    "intake:disbursements",
)


@require_http_methods(["GET", "POST"])
@login_required
def disbursement_sheets(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = units_with_role(request.user, Action.REPORT)
    pick = DisbursementSheetPickForm(
        request.GET or None, units=units, lang=lang(), initial={"year": timezone.localdate().year}
    )
    if pick.is_valid():
        d = pick.cleaned_data
        return redirect("intake:disbursement_export", d["unit"].code, d["year"])
    form = DisbursementSheetUploadForm(
        request.POST or None, request.FILES or None, units=units, lang=lang()
    )
    if request.method == "POST" and form.is_valid():
        preview = unit_sheet_preview(request, form, DISBURSEMENT_SHEET)
        if preview is not None:
            return preview
    return render(
        request,
        "web/intake/disbursements.html",
        {"form": form, "pick": pick, "units": units},
        status=400 if pick.is_bound else 200,
    )


@require_GET
@login_required
@rate_limited("exports")
def disbursement_download(
    request: AuthenticatedHttpRequest, unit_code: str, year: int
) -> HttpResponse:
    unit = unit_by_code(request.user, unit_code, Action.REPORT)
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise Http404(_("No such year."))
    day = timezone.localdate()
    data = budget_sheet_export(unit=unit, year=year, exported_on=day)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="giai-ngan-{unit.code}-{year}-{day:%Y%m%d}.xlsx"'
    )
    return response


@require_POST
@login_required
def disbursement_commit(request: AuthenticatedHttpRequest) -> HttpResponse:
    result, refused = unit_sheet_commit(request, DISBURSEMENT_SHEET)
    if refused is not None:
        return refused
    messages.success(
        request,
        _("%(n)s disbursements recorded; %(m)s were already recorded.")
        % {"n": len(result.payments), "m": len(result.already)},
    )
    return redirect("intake:disbursements")
