"""The indicator pages: the catalogue, a unit's indicator page, the entry grid.

A unit's values are shown to whoever may view the unit (web.access.unit_for_user); the
entry grid needs a reporter on the unit (or a manager above it). Peers' values follow
units.permissions.may_see_peers.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steerco.directives.permissions import Action, may
from steerco.indicators import budget_values
from steerco.indicators.entry import GridError, GridResult, grid_record
from steerco.indicators.figures import (
    HistoryPoint,
    close_that_read,
    entry_indicators,
    figures_at,
    following,
    history,
    latest_own_values,
    peer_figures,
    period_as_of,
)
from steerco.indicators.models import Indicator, IndicatorKind
from steerco.indicators.selectors import value_history
from steerco.intake.readers import IntakeFileError
from steerco.intake.value_sheets import ValueSheetError, value_sheet_export, value_sheet_import
from steerco.lib.calendar_periods import CalendarPeriod, PeriodType
from steerco.scoring.peers import peers_of
from steerco.units.models import Unit
from steerco.units.permissions import may_see_peers, units_with_role

from ..charts import indicator_table, number_format
from ..indicator_forms import EntryForm, PeriodForm, field_name
from ..ratelimit import rate_limited
from ..typing import AuthenticatedHttpRequest
from ..unit_picker import UnitField
from ..writes import write_turn
from .common import lang, today, unit_from, valid_or_400

_CODE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _name(indicator: Indicator) -> str:
    return indicator.name_en or indicator.name_vi if lang() == "en" else indicator.name_vi


def formula_parts(indicator: Indicator, by_code: dict[str, Indicator]) -> list[dict]:
    """The definition of a computed indicator as text and links: a ratio as numerator ÷
    denominator × factor, a formula with each indicator code named."""
    if indicator.kind == IndicatorKind.RATIO:
        assert indicator.numerator is not None and indicator.denominator is not None
        parts = [
            {"code": indicator.numerator.code, "name": _name(indicator.numerator)},
            {"text": " ÷ "},
            {"code": indicator.denominator.code, "name": _name(indicator.denominator)},
        ]
        if indicator.factor != 1:
            parts.append({"text": f" × {indicator.factor.normalize():f}"})
        return parts
    if indicator.kind != IndicatorKind.FORMULA:
        return []
    parts, at = [], 0
    for match in _CODE.finditer(indicator.formula):
        if match.group() in by_code:
            parts.append({"text": indicator.formula[at : match.start()]})
            parts.append({"code": match.group(), "name": _name(by_code[match.group()])})
            at = match.end()
    parts.append({"text": indicator.formula[at:]})
    return [p for p in parts if p.get("code") or p.get("text")]


@require_GET
@login_required
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    indicators = list(
        Indicator.objects.select_related("numerator", "denominator", "directive").order_by(
            "field", "code"
        )
    )
    by_code = {i.code: i for i in indicators}
    rows = [{"i": i, "name": _name(i), "formula": formula_parts(i, by_code)} for i in indicators]
    return render(request, "web/indicators/catalogue.html", {"rows": rows})


def _page_params(
    request: AuthenticatedHttpRequest, action: str
) -> tuple[Unit, CalendarPeriod | None]:
    """The unit (the user's home unit by default; a name or a code, as the unit picker
    sends it) and the period the query names; a unit the user may not see or a period that
    is not one answers 400 naming it (common.unit_from, common.valid_or_400)."""
    data = valid_or_400(PeriodForm(request.GET))
    return unit_from(request.user, data.get("unit"), action), data.get("period")


def _unit_picker(request: AuthenticatedHttpRequest, unit: Unit, action: str, dom_id: str) -> str:
    """The page's unit field: the searchable picker of the units the user may `action` on
    (a name or a code, read back by `_page_params`)."""
    picker = UnitField(required=False)
    picker.offer(units_with_role(request.user, action), lang=lang())
    return picker.render("unit", unit, {"id": dom_id, "class": "form-control form-control-sm"})


def _indicator(code: str) -> Indicator:
    indicator = Indicator.objects.select_related("numerator", "denominator").filter(code=code)
    found = indicator.first()
    if found is None:
        raise Http404(_("No such indicator."))
    return found


@require_GET
@login_required
def indicator_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    indicator = _indicator(code)
    unit, period = _page_params(request, Action.VIEW)
    period = period or period_as_of(indicator.period_type, today())
    live = figures_at(unit=unit, items=[(indicator, period)])[0]
    close = close_that_read(period)
    closed_at = close.closed_at if close is not None else None
    at_close = (
        figures_at(unit=unit, items=[(indicator, period)], recorded_by=closed_at)[0]
        if closed_at is not None
        else None
    )
    points = history(unit=unit, indicator=indicator, period=period)
    chart = _chart(indicator, points)
    peers = peers_of(unit)
    peer_rows = (
        peer_figures(unit=unit, peers=peers, indicator=indicator, period=period)
        if may_see_peers(request.user, peers)
        else []
    )
    own_type = period.type == indicator.period_type
    versions = value_history(indicator, unit, str(period)) if own_type else []
    shown_at_close = None
    if closed_at is not None:
        shown_at_close = next((v.pk for v in versions if v.recorded_at <= closed_at), None)
    return render(
        request,
        "web/indicators/detail.html",
        {
            "indicator": indicator,
            "name": _name(indicator),
            "unit": unit,
            "period": period,
            "period_label": period.label(lang()),
            "previous_period": period.previous(),
            "next_period": following(period),
            "live": live,
            "change_text": live.change_text(lang()),
            "close": close,
            "at_close": at_close,
            "points": list(reversed(points)),
            # A unit with no value, target or trajectory in any period shown gets a
            # sentence, not an empty chart over a table of dashes.
            "any_figure": any(
                p.value is not None or p.target is not None or p.expected_value is not None
                for p in points
            ),
            "unit_picker": _unit_picker(request, unit, Action.VIEW, "i-unit"),
            "chart": chart,
            "chart_table": indicator_table(chart),
            "peers": peer_rows,
            "peers_hidden": len(peers) > 1 and not peer_rows,
            "versions": versions,
            "shown_at_close": shown_at_close,
            "frontier_kind": _frontier_kind(indicator, unit),
            # Computed each night from the budget (steerco indicators budget), not entered.
            "from_budget": indicator.code in budget_values.CODES,
            "may_enter": own_type
            and indicator.kind == IndicatorKind.ENTERED
            and indicator.code not in budget_values.COMPUTED
            and may(request.user, Action.REPORT, unit)
            and (not indicator.levels or unit.reports_as in indicator.levels),
        },
    )


def _chart(indicator: Indicator, points: list[HistoryPoint]) -> dict[str, object]:
    """The history chart's data: each period's value and the trajectory's expected one."""
    return {
        "labels": [p.period.label(lang()) for p in points],
        "values": [float(p.value) if p.value is not None else None for p in points],
        "expected": [
            float(p.expected_value) if p.expected_value is not None else None for p in points
        ],
        "value_name": _("value"),
        "expected_name": _("expected on the trajectory"),
        "unit": indicator.measure_unit,
        "format": number_format(),  # the page language's separators (web/static/numbers.js)
    }


def _frontier_kind(indicator: Indicator, unit: Unit) -> str:
    """The kind of unit a figure is aggregated from, for "48 of 56 communes reported"."""
    below = [k for k in (indicator.levels or []) if k != unit.kind]
    return below[0] if below else ""


def _entry_period(request: AuthenticatedHttpRequest) -> CalendarPeriod:
    kind = request.GET.get("type")
    if kind is not None and kind in PeriodType.__members__.values():
        return period_as_of(kind, today())
    return period_as_of(PeriodType.MONTH, today())


@require_http_methods(["GET", "POST"])
@login_required
def entry(request: AuthenticatedHttpRequest) -> HttpResponse:
    unit, period = _page_params(request, Action.REPORT)
    period = period or _entry_period(request)
    indicators = entry_indicators(unit, period)
    latest = latest_own_values(unit, indicators, [period, period.previous()])
    current = {i: v.value for (i, p), v in latest.items() if p == str(period)}
    previous = {i: v.value for (i, p), v in latest.items() if p != str(period)}
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        indicators=indicators,
        current=current,
        lang=lang(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with write_turn():
                result = grid_record(
                    unit=unit,
                    period=period,
                    indicators={i.code: i for i in indicators},
                    values=form.raw_values(),
                    author=request.user,
                    comment=form.cleaned_data["comment"],
                )
        except GridError as exc:
            for code, message in exc.errors.items():
                form.add_error(field_name(code), message)
            form.add_error(
                None,
                _("Nothing was saved: %(n)d value(s) need correcting (marked below).")
                % {"n": len(exc.errors)},
            )
        else:
            _saved_messages(request, result, {i.code: i for i in indicators})
            return redirect(f"{reverse('web:indicator_entry')}?unit={unit.code}&period={period}")
    rows = [
        {
            "indicator": i,
            "field": bound,
            "previous": previous.get(i.pk),
            "current": current.get(i.pk),
        }
        for i, bound in form.rows()
    ]
    return render(
        request,
        "web/indicators/entry.html",
        {
            "unit": unit,
            "period": period,
            "unit_picker": _unit_picker(request, unit, Action.REPORT, "e-unit"),
            "period_label": period.label(lang()),
            "previous_label": period.previous().label(lang()),
            "form": form,
            "rows": rows,
            "types": [(t, period_as_of(t, today())) for t in PeriodType if t != PeriodType.HALF],
        },
    )


def _saved_messages(
    request: AuthenticatedHttpRequest, result: GridResult, indicators: dict[str, Indicator]
) -> None:
    if result.recorded:
        messages.success(request, _("%(n)d value(s) saved.") % {"n": len(result.recorded)})
    else:
        messages.info(request, _("Nothing changed: every value was already recorded."))
    for code, warning in result.warnings.items():
        messages.warning(
            request,
            _("Saved, but check %(indicator)s: %(warning)s")
            % {"indicator": _name(indicators[code]), "warning": warning},
        )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
@rate_limited("exports")
def entry_sheet(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The entry grid as a locked .xlsx sheet of the unit's indicators for the period."""
    unit, period = _page_params(request, Action.REPORT)
    period = period or _entry_period(request)
    data = value_sheet_export(unit=unit, period=period, exported_on=today())
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{unit.code}-{period}.xlsx"'
    return response


@require_POST
@login_required
def entry_sheet_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A filled-in value sheet back: the unit and period are the ones the page posts (the
    user must report for the unit, asked first); the file's hidden cells must name them.
    Every value is recorded or none; the problems are shown on the entry grid."""
    unit = unit_from(request.user, request.POST.get("unit"), Action.REPORT)
    period = valid_or_400(PeriodForm({"period": request.POST.get("period", "")})).get("period")
    if period is None:
        period = _entry_period(request)
    back = redirect(f"{reverse('web:indicator_entry')}?unit={unit.code}&period={period}")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the filled-in sheet to upload."))
        return back
    assert upload.size is not None
    if upload.size > settings.STEERCO_IMPORT_MAX_BYTES:
        messages.error(
            request,
            _("The file is larger than %(mb)s MB.")
            % {"mb": settings.STEERCO_IMPORT_MAX_BYTES // 2**20},
        )
        return back
    try:
        with write_turn():
            result = value_sheet_import(
                name=upload.name or "sheet.xlsx",
                data=upload.read(),
                unit=unit,
                period=period,
                user=request.user,
                commit=True,
            )
    except (IntakeFileError, ValueSheetError) as exc:
        messages.error(request, str(exc))
        return back
    if not result.committed:
        messages.error(
            request,
            _("Nothing was saved: %(n)d value(s) in the sheet need correcting.")
            % {"n": len(result.rejected)},
        )
        for p in result.rejected[:20]:
            messages.error(
                request,
                _("Row %(row)s, column %(column)s (“%(value)s”): %(message)s")
                % {"row": p.row, "column": p.column, "value": p.value[:60], "message": p.message},
            )
        return back
    if result.recorded:
        messages.success(request, _("%(n)d value(s) saved.") % {"n": len(result.recorded)})
    else:
        messages.info(request, _("Nothing changed: every value was already recorded."))
    for p in result.warnings:
        messages.warning(
            request,
            _("Saved, but check row %(row)s: %(warning)s") % {"row": p.row, "warning": p.message},
        )
    return back
