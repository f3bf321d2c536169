"""The report body's tables as rows of display text, shared by the DOCX and HTML/PDF
renderers so both print the same cells."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from steerco.indicators.indices.explain import points_text, weight_text
from steerco.indicators.sentences import number_text

from .content import IndexStanding, ReportContent, TaskRow
from .labels import Words

LIST_LIMIT = 100  # rows of the not-5-clear list printed in the body; the XLSX has them all


@dataclass
class TextTable:
    headers: list[str]
    rows: list[list[str]]
    widths_cm: list[float]  # on a 16.5 cm text width
    numeric_from: int  # columns from this index are centred
    total_last: bool = False  # the last row is a totals row
    more: int = 0  # rows left out (see the XLSX)
    text_from: int = 99  # columns from this index are text again (left-aligned)

    def centred(self, column: int) -> bool:
        return column == 0 or self.numeric_from <= column < self.text_from


def task_label(t: TaskRow) -> str:
    ref = f"{t.directive}{' ' + t.reference if t.reference else ''}"
    return f"{t.content} ({ref})"


def directive_table(c: ReportContent, w: Words) -> TextTable:
    n = w.num
    headers = [
        w["no"],
        w["directive"],
        w["total"],
        w["completed"],
        w["done_late"],
        w["on_track"],
        w["overdue_col"],
        w["regular"],
        w["completion_rate"],
    ]
    rows = []
    for i, d in enumerate(c.directives, 1):
        k = d.counts
        total = n(k.total) + (f" ({w.change(d.total_change)})" if d.total_change else "")
        rows.append(
            [
                str(i),
                d.name,
                total,
                n(k.completed),
                n(k.done_late),
                n(k.on_track),
                n(k.overdue),
                n(k.regular),
                w.pct(k.completion_rate),
            ]
        )
    t = c.totals
    rows.append(
        [
            "",
            w.total_row(t.cancelled),
            n(t.total),
            n(t.completed),
            n(t.done_late),
            n(t.on_track),
            n(t.overdue),
            n(t.regular),
            w.pct(t.completion_rate),
        ]
    )
    return TextTable(
        headers, rows, [1.0, 3.2, 1.6, 1.8, 1.6, 1.6, 1.7, 1.8, 2.2], 2, total_last=True
    )


def unit_table(c: ReportContent, w: Words) -> TextTable:
    n = w.num
    headers = [
        w["no"],
        w["unit"],
        w["total"],
        w["completed"],
        w["on_track"],
        w["overdue_col"],
        w["regular"],
        w["completion_rate"],
    ]
    rows = []
    for i, u in enumerate(c.units, 1):
        k = u.counts
        name = f"{u.name} {w['itself']}" if u.is_self else u.name
        rows.append(
            [
                str(i),
                name,
                n(k.total),
                n(k.completed),
                n(k.on_track),
                n(k.overdue),
                n(k.regular),
                w.pct(k.completion_rate),
            ]
        )
    return TextTable(headers, rows, [1.0, 4.9, 1.6, 1.8, 1.7, 1.7, 1.8, 2.0], 2)


def overdue_table(c: ReportContent, w: Words) -> TextTable:
    headers = [
        w["no"],
        w["task"],
        w["lead_unit"],
        w["responsible"],
        w["deadline"],
        w["days_late"],
        w["latest_obstacles"],
    ]
    rows = [
        [
            str(i),
            task_label(t),
            t.lead_unit,
            t.responsible_person,
            w.day(t.due_on),
            w.num(t.days_late),
            t.latest_obstacles,
        ]
        for i, t in enumerate(c.overdue, 1)
    ]
    return TextTable(headers, rows, [1.0, 4.5, 2.4, 2.2, 2.3, 1.4, 2.7], 4, text_from=6)


def unclear_table(c: ReportContent, w: Words) -> TextTable:
    unclear = c.not_five_clear
    headers = [w["no"], w["task"], w["lead_unit"], w["missing"]]
    rows = [
        [str(i), task_label(t), t.lead_unit, w.clears(t.missing_clears)]
        for i, t in enumerate(unclear[:LIST_LIMIT], 1)
    ]
    return TextTable(
        headers, rows, [1.0, 8.5, 3.5, 3.5], 99, more=max(len(unclear) - LIST_LIMIT, 0)
    )


def indicator_number(value: float | int | None, lang: str) -> str:
    """3312 -> "3.312"; 98.51 -> "98,51" (vi); at most two decimals, as the sentences."""
    return "—" if value is None else number_text(Decimal(str(value)), lang)


def indicator_table(c: ReportContent, w: Words) -> TextTable:
    """Indicator / value / target / % achieved / change on the same period / status."""
    assert c.indicators is not None
    headers = [
        w["no"],
        w["indicator"],
        w["measure_unit"],
        w["period"],
        w["value"],
        w["target"],
        w["achieved"],
        w["same_period_change"],
        w["status"],
    ]
    rows = []
    for i, r in enumerate(c.indicators.rows, 1):
        change = "" if r.change is None else indicator_number(r.change, w.lang) + "%"
        if r.change is not None and r.change > 0:
            change = "+" + change
        rows.append(
            [
                str(i),
                r.name,
                r.measure_unit,
                r.period_label,
                indicator_number(r.value, w.lang),
                indicator_number(r.target, w.lang) if r.target is not None else "",
                indicator_number(r.achievement, w.lang) + "%" if r.achievement is not None else "",
                change,
                w.colour((r.status or "").lower()),
            ]
        )
    return TextTable(headers, rows, [0.8, 4.1, 1.6, 1.9, 1.7, 1.7, 1.5, 1.7, 1.4], 2, text_from=99)


def indicator_blocks(c: ReportContent, w: Words) -> list[Block]:
    assert c.indicators is not None
    blocks = [Block("p", f"- {r.sentence}") for r in c.indicators.rows]
    at = c.indicators.as_recorded_at
    if at is not None:
        stamp = timezone.localtime(at).strftime("%H:%M %d/%m/%Y")
        blocks.append(Block("note", w["indicators_frozen"].format(at=stamp)))
    blocks.append(Block("table", table=indicator_table(c, w)))
    return blocks


def pillar_table(s: IndexStanding, w: Words) -> TextTable:
    """An index's pillars for the unit: name, weight, points, rank among the peers; the
    index's total last."""
    headers = [w["no"], w["pillar"], w["weight"], w["points"], w["rank"]]

    def rank(r: int | None) -> str:
        return "—" if r is None else f"{r}/{s.peers}"

    rows = [
        [str(i), p.name, weight_text(p.weight, w.lang), points_text(p.score, w.lang), rank(p.rank)]
        for i, p in enumerate(s.pillars, 1)
    ]
    rows.append(
        [
            "",
            w["total_row"],
            weight_text(s.scale, w.lang),
            points_text(s.score, w.lang),
            rank(s.rank),
        ]
    )
    return TextTable(headers, rows, [1.0, 8.0, 2.3, 2.6, 2.6], 2, total_last=True)


def index_caption(s: IndexStanding, w: Words) -> str:
    """ "Chỉ số … (năm 2024): 474,67/1.000 điểm (số liệu công bố; điểm tính toán 309,40)"."""
    text = (
        f"{s.name} ({s.period_label}): "
        f"{points_text(s.score, w.lang)}/{weight_text(s.scale, w.lang)} {w['points_word']}"
    )
    notes = [w[f"source_{s.source}"]]
    if s.computed_score is not None:
        notes.append(f"{w['computed_score']} {points_text(s.computed_score, w.lang)}")
    return f"{text} ({'; '.join(notes)})"


def index_blocks(c: ReportContent, w: Words) -> list[Block]:
    blocks: list[Block] = []
    for s in c.indices:
        blocks += [Block("unit", index_caption(s, w)), Block("table", table=pillar_table(s, w))]
    return blocks


def five_clear_line(c: ReportContent, w: Words) -> str | None:
    if c.five_clear_rate is None:
        return None
    clear = len(c.tasks) - len(c.not_five_clear)
    return f"{w['five_clear_rate']}: {w.pct(c.five_clear_rate)} ({w.num(clear)}/{w.num(len(c.tasks))})."


def more_line(table: TextTable, w: Words) -> str | None:
    if not table.more:
        return None
    if w.lang == "vi":
        return f"… và {w.num(table.more)} nhiệm vụ khác (xem Phụ lục, tệp XLSX)."
    return f"… and {w.num(table.more)} more tasks (see the XLSX appendix)."


@dataclass
class Block:
    kind: (
        str  # "h3" (numbered sub-heading), "p" (paragraph), "note" (italic), "unit" (bold), "table"
    )
    text: str = ""
    table: TextTable | None = None

    @property
    def rows(self) -> list[dict]:
        """Table rows as cells with their alignment, for templates."""
        t = self.table
        if t is None:
            return []
        return [
            {
                "total": t.total_last and r == len(t.rows) - 1,
                "cells": [{"text": text, "c": t.centred(i)} for i, text in enumerate(row)],
            }
            for r, row in enumerate(t.rows)
        ]


@dataclass
class Section:
    title: str
    blocks: list[Block]


def outline(c: ReportContent, w: Words) -> list[Section]:
    """The report body in order: numbered sections of paragraphs and tables."""
    from .labels import ROMAN
    from .money import WORDS, budget_blocks

    opening = [f"- {c.ranks_line}"] if c.ranks_line else []
    results = [
        Block("h3", f"1. {w['overview']}"),
        *(Block("p", text) for text in opening),
        *(Block("p", f"- {s}") for s in c.summary),
    ]
    if c.frozen_counts:
        results.append(Block("note", w["frozen"]))
    if c.directives:
        results += [
            Block("h3", f"2. {w['by_directive']}"),
            Block("table", table=directive_table(c, w)),
        ]
    if c.units:
        results += [Block("h3", f"3. {w['by_unit']}"), Block("table", table=unit_table(c, w))]
    overdue = (
        [Block("table", table=overdue_table(c, w))] if c.overdue else [Block("p", w["no_overdue"])]
    )
    ranking = [Block("p", f"- {c.ranking.sentence}" if c.ranking else w["no_ranking"])]
    ranking += index_blocks(c, w)
    unclear: list[Block] = []
    line = five_clear_line(c, w)
    if line:
        unclear.append(Block("p", f"- {line}"))
    if c.not_five_clear:
        table = unclear_table(c, w)
        unclear.append(Block("table", table=table))
        more = more_line(table, w)
        if more:
            unclear.append(Block("note", more))
    else:
        unclear.append(Block("p", w["all_five_clear"]))
    feedback = [Block("note", w.feedback_window(c.feedback_from, c.as_of))]
    if not c.feedback:
        feedback.append(Block("p", w["no_feedback"]))
    for i, group in enumerate(c.feedback, 1):
        feedback.append(Block("unit", f"{i}. {group.unit}"))
        for item in group.items:
            ref = f"{item.directive}{' ' + item.reference if item.reference else ''}"
            if item.obstacles:
                feedback.append(Block("p", f"- {w['obstacles']} ({ref}): {item.obstacles}"))
            if item.proposals:
                feedback.append(Block("p", f"- {w['proposals']} ({ref}): {item.proposals}"))
    parts = [
        (w["results"], results),
        *([(w["indicators"], indicator_blocks(c, w))] if c.indicators is not None else []),
        *([(WORDS[c.lang]["budget"], budget_blocks(c))] if c.budget is not None else []),
        (w["overdue"], overdue),
        (w["ranking"], ranking),
        (w["not_five_clear"], unclear),
        (w["feedback"], feedback),
    ]
    return [Section(f"{ROMAN[i]}. {title}", blocks) for i, (title, blocks) in enumerate(parts)]
