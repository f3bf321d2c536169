"""Composite indices, read-only: the list, and an index's ranking of a peer set for a
period — the rows `steerco index rank --json` prints, from the same function
(`indicators.indices.selectors.index_table`), for whoever may see those peers (as the
index ranking page)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from steerco.api.problems import FieldError
from steerco.indicators.indices.models import Index, IndexResult
from steerco.indicators.indices.selectors import index_table
from steerco.indicators.problems import IndicatorError
from steerco.lib.calendar_periods import (
    CalendarPeriod,
    CalendarPeriodError,
    parse_calendar_period,
)

from .rankings import peers_param
from .schemas import IndexList, IndexRanking

router = Router(tags=["indices"])


@router.get("/indices", response=IndexList, url_name="indices", summary="The composite indices")
def indices(request: HttpRequest) -> dict[str, Any]:
    return {"items": list(Index.objects.order_by("code").values("code", "name_vi", "name_en"))}


class IndexQuery(Schema):
    peers: Literal["provinces", "departments", "communes"] | None = Field(
        None, description="Which peers; by default those of the caller's home unit's kind."
    )
    unit: str | None = Field(None, description="For departments or communes: the province.")
    period: str | None = Field(
        None, description="2025, 2025-H1, 2025-Q3 or 2025-09; by default the latest stored."
    )
    source: Literal["computed", "published"] | None = Field(
        None, description="By default published where there is any for these peers."
    )


def _period(index: Index, text: str | None) -> CalendarPeriod:
    if text:
        try:
            return parse_calendar_period(text)
        except CalendarPeriodError as exc:
            raise FieldError("period", str(exc)) from None
    stored = set(IndexResult.objects.filter(version__index=index).values_list("period", flat=True))
    if not stored:
        raise FieldError("period", "No results are stored yet; give a period.")
    return max((parse_calendar_period(t) for t in stored), key=lambda p: p.sort_key)


@router.get(
    "/indices/{code}/ranking",
    response=IndexRanking,
    url_name="index_ranking",
    summary="An index's ranking of peers",
)
def index_ranking(request: HttpRequest, code: str, query: Query[IndexQuery]) -> dict[str, Any]:
    index = Index.objects.filter(code=code).first()
    if index is None:
        raise Http404("No such index.")
    parent, kind, peers = peers_param(request, query.peers, query.unit)
    period = _period(index, query.period)
    try:
        table = index_table(index=index, period=period, units=peers, source=query.source or "")
    except IndicatorError as exc:
        raise FieldError(exc.field or "period", str(exc)) from None
    return {
        "index": index.code,
        "version": table.version.version,
        "period": str(table.period),
        "source": table.source,
        "peers": kind,
        "of": {"code": parent.code, "name": parent.name} if parent else None,
        "rows": [r.as_dict() for r in table.rows],
    }
