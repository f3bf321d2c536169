"""A report's ranks line and its composite indices: the unit's rank on every index with
results for it (the index pages' figures, `indicators.indices.selectors`) and by GREEN
rate (the report's own ranking), in one opening sentence, and each index's pillars."""

from __future__ import annotations

from datetime import date

from steerco.directives.models import Directive
from steerco.indicators.indices.selectors import UnitRank, ranks_in_order, unit_index_ranks
from steerco.indicators.selectors import json_number
from steerco.lib.calendar_periods import parse_calendar_period
from steerco.scoring.peers import peers_of
from steerco.scoring.sentences import directive_name
from steerco.units.models import Unit

from .content import IndexStanding, PillarStanding, Ranking
from .heading import locality


def index_ranks(unit: Unit, as_of: date) -> list[UnitRank]:
    """The unit's rank among its peers on every composite index with results for it, each
    for its latest period not after the report date (the index pages' figures)."""
    peers = peers_of(unit)
    if len(peers) < 2:
        return []
    return unit_index_ranks(unit=unit, peers=peers, as_of=as_of)


def standing(r: UnitRank, lang: str) -> IndexStanding:
    return IndexStanding(
        code=r.code,
        name=r.name(lang),
        period=r.period,
        period_label=parse_calendar_period(r.period).label(lang),
        rank=r.rank,
        peers=r.peers,
        change=r.change,
        score=json_number(r.score, 2),
        scale=json_number(r.scale) or 0,
        source=r.source,
        computed_score=json_number(r.computed_score, 2),
        computed_rank=r.computed_rank,
        pillars=[
            PillarStanding(
                code=p.code,
                name=p.name_en or p.name_vi if lang == "en" else p.name_vi,
                weight=json_number(p.weight) or 0,
                score=json_number(p.score, 2),
                rank=p.rank,
            )
            for p in r.pillars
        ],
    )


def ranks_line(
    unit: Unit,
    as_of: date,
    index_ranks: list[UnitRank],
    ranking: Ranking | None,
    directive: Directive | None,
    lang: str,
    *,
    with_implementing: bool = False,
) -> str | None:
    """ "Tỉnh Tuyên Quang xếp thứ 14/34 về …, 15/34 về tỷ lệ đạt tiêu chí XANH …, 22/34 về
    …": the unit's ranks on every index and by GREEN rate (the report's own ranking),
    newest period first; None when no index has results for the unit."""
    ranked = [r for r in index_ranks if r.rank is not None]
    if not ranked:
        return None
    ranks = list(ranked)
    if ranking is not None and ranking.rank is not None:
        ranks.append(
            UnitRank(
                kind="green_rate",
                code=directive.symbol if directive else "",
                name_vi="tỷ lệ đạt tiêu chí XANH",
                name_en="the GREEN rate",
                period="",
                ends_on=as_of,
                rank=ranking.rank,
                peers=ranking.peers,
                change=ranking.change,
            )
        )
    ranks = ranks_in_order(ranks)
    what = directive_name(directive.kind, directive.symbol, lang) if directive else ""
    if what and with_implementing:  # the report's ranking counts the family
        what += (
            " và các văn bản triển khai" if lang == "vi" else " and the documents implementing it"
        )
    if lang == "vi":
        parts = [_rank_part_vi(r, what) for r in ranks]
        return f"{locality(unit)} xếp thứ {', '.join(parts)}."
    parts = [_rank_part_en(r, what) for r in ranks]
    return f"{unit.name_en or unit.name} ranks {', '.join(parts)}."


def _change_words(change: int | None, lang: str) -> str:
    if change is None:
        return ""
    if lang == "vi":
        if change == 0:
            return "giữ nguyên thứ hạng"
        return f"{'tăng' if change > 0 else 'giảm'} {abs(change)} bậc"
    if change == 0:
        return "unchanged"
    places = "place" if abs(change) == 1 else "places"
    return f"{'up' if change > 0 else 'down'} {abs(change)} {places}"


def _rank_part_vi(r: UnitRank, directive_words: str) -> str:
    if r.kind == "index":
        text = f"{r.rank}/{r.peers} về {r.name_vi} {parse_calendar_period(r.period).label('vi')}"
        change = _change_words(r.change, "vi")
        return f"{text} ({change})" if change else text
    text = f"{r.rank}/{r.peers} về {r.name_vi}"
    if directive_words:
        text += f" thực hiện {directive_words}"
    change = _change_words(r.change, "vi")
    return f"{text} ({change})" if change else text


def _ordinal(n: int | None) -> str:
    if n is None:
        return "—"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _rank_part_en(r: UnitRank, directive_words: str) -> str:
    if r.kind == "index":
        name = r.name_en or r.name_vi
        text = f"{_ordinal(r.rank)} of {r.peers} on the {name}, {parse_calendar_period(r.period).label('en')}"
        change = _change_words(r.change, "en")
        return f"{text} ({change})" if change else text
    text = f"{_ordinal(r.rank)} of {r.peers} by {r.name_en}"
    if directive_words:
        text += f" on {directive_words}"
    change = _change_words(r.change, "en")
    return f"{text} ({change})" if change else text
