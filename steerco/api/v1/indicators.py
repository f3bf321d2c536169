"""Indicators, read-only: the catalogue, and one indicator's figure at a unit for a period
(its own entry, else the aggregate of the units below, against its target) — what
`steerco indicator show --json` prints, from the same function
(`indicators.selectors.unit_figure`). A unit's figures are for whoever may view the unit,
as on the indicator pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from steerco.api.auth import caller
from steerco.api.problems import FieldError
from steerco.indicators.figures import period_as_of
from steerco.indicators.models import Indicator
from steerco.indicators.selectors import unit_figure
from steerco.lib.calendar_periods import CalendarPeriodError, parse_calendar_period
from steerco.progress.access import unit_by_code

from .schemas import IndicatorFigure, IndicatorList

router = Router(tags=["indicators"])


@router.get("/indicators", response=IndicatorList, url_name="indicators", summary="The indicators")
def indicators(request: HttpRequest) -> dict[str, Any]:
    """The catalogue (public to anyone signed in, as the catalogue page), by code."""
    rows = Indicator.objects.order_by("code").values(
        "code",
        "name_vi",
        "name_en",
        "measure_unit",
        "kind",
        "value_type",
        "direction",
        "period_type",
        "field",
    )
    return {"items": list(rows)}


class FigureQuery(Schema):
    period: str | None = Field(
        None,
        description="2025, 2025-H1, 2025-Q3 or 2025-09; by default the indicator's period "
        "containing today.",
    )


@router.get(
    "/indicators/{code}/units/{unit_code}",
    response=IndicatorFigure,
    url_name="indicator_figure",
    summary="An indicator at a unit",
)
def indicator_figure(
    request: HttpRequest, code: str, unit_code: str, query: Query[FigureQuery]
) -> dict[str, Any]:
    unit = unit_by_code(caller(request), unit_code)
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404("No such indicator.")
    if query.period:
        try:
            period = parse_calendar_period(query.period)
        except CalendarPeriodError as exc:
            raise FieldError("period", str(exc)) from None
    else:
        period = period_as_of(indicator.period_type, timezone.localdate())
    return unit_figure(unit=unit, indicator=indicator, period=period).as_dict()
