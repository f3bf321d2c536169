"""Build a meeting report's content from the scoring selectors.

Queries are a fixed number, bounded by neither directives nor tasks: counts for every
directive come from one grouped query per date (`class_counts_by_directive`), the task list is one
query (classified in SQL by `classify_tasks`, with each task's latest obstacles as a
subquery), the obstacles and proposals of the period one more, the by-unit table
one `class_counts_by_peer` call, the ranking one `ranking` call.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q

from steerco.directives.models import Directive, Task
from steerco.indicators.figures import KeyFigure, report_figures
from steerco.indicators.selectors import json_number
from steerco.indicators.sentences import period_words
from steerco.lib import days
from steerco.lib.periods import PeriodKind, period_containing
from steerco.lib.references import reference_sort_key
from steerco.lib.vietnamese import format_date
from steerco.progress.models import ProgressUpdate
from steerco.scoring.peers import peers_of
from steerco.scoring.ranking_table import ranking as ranking_table
from steerco.scoring.scope import Scope, scope_for
from steerco.scoring.scorecard import ClassCounts
from steerco.scoring.selectors import (
    class_counts,
    class_counts_by_directive,
    class_counts_by_peer,
    closed_period_on,
)
from steerco.scoring.sentences import (
    directive_name,
    rank_sentence,
    report_sentence,
    summary_sentence,
)
from steerco.units.models import Unit, path_upper_bound
from steerco.units.permissions import UserLike, may_see_peers

from .content import (
    LANGS,
    LAYOUTS,
    Counts,
    DirectiveSection,
    FeedbackItem,
    IndicatorRow,
    IndicatorSection,
    Ranking,
    RankRow,
    ReportContent,
    UnitFeedback,
    UnitRow,
)
from .heading import build_heading, locality
from .money import budget_section
from .ranks import index_ranks, ranks_line, standing
from .selectors import task_rows

RANK_METRIC = "green_rate"

#: The dates a report may be asked for (as of, previous): the days steerco accepts.
EARLIEST_DAY, LATEST_DAY = days.FIRST_DAY, days.LAST_DAY


class ReportError(ValueError):
    """A report that cannot be built; the message names the argument at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def counts_of(c: ClassCounts) -> Counts:
    return Counts(
        total=c.total,
        completed=c.completed,
        done_on_time=c.done_on_time,
        done_late=c.done_late,
        on_track=c.on_track,
        overdue=c.overdue,
        regular=c.regular,
        cancelled=c.cancelled,
        completion_rate=c.completion_rate,
        due_completion_rate=c.due_completion_rate,
        green_rate=c.green_rate,
    )


def build_report(
    *,
    unit: Unit,
    as_of: date,
    directive: Directive | None = None,
    with_implementing: bool = False,
    previous_on: date | None = None,
    lang: str = "vi",
    layout: str = "state",
) -> ReportContent:
    _check_parameters(as_of=as_of, previous_on=previous_on, lang=lang, layout=layout)
    scope = scope_for(directive, with_implementing=with_implementing)

    totals = class_counts(unit=unit, as_of=as_of, scope=scope)
    previous_totals = (
        class_counts(unit=unit, as_of=previous_on, scope=scope) if previous_on else None
    )
    sections = _sections(unit, as_of, previous_on, scope, lang)
    summary = []
    if directive is None or with_implementing or len(sections) != 1:
        summary.append(summary_sentence(totals, lang=lang, previous=previous_totals))
    summary += [s.sentence for s in sections]

    tasks = task_rows(unit=unit, as_of=as_of, scope=scope)
    five_clear = sum(1 for t in tasks if not t.missing_clears)

    subject = _subject(directive, with_implementing, as_of, lang)
    ranking = _ranking(unit, as_of, scope, previous_on, lang)
    on_indices = index_ranks(unit, as_of)
    return ReportContent(
        lang=lang,
        unit_code=unit.code,
        unit_name=unit.name if lang == "vi" else (unit.name_en or unit.name),
        as_of=as_of,
        previous_on=previous_on,
        scope=directive.symbol if directive else "all",
        with_implementing=with_implementing,
        feedback_from=_feedback_from(as_of, previous_on),
        heading=build_heading(unit, as_of=as_of, layout=layout, lang=lang, subject=subject),
        totals=counts_of(totals),
        previous_totals=counts_of(previous_totals) if previous_totals else None,
        summary=summary,
        directives=sections,
        units=_unit_rows(unit, as_of, scope, totals, lang),
        tasks=tasks,
        feedback=_feedback(unit, scope, _feedback_from(as_of, previous_on), as_of, lang),
        ranking=ranking,
        five_clear_rate=round(five_clear / len(tasks), 4) if tasks else None,
        frozen_counts=closed_period_on(as_of=as_of) is not None,
        indicators=_indicators(unit, as_of, lang),
        ranks_line=ranks_line(
            unit, as_of, on_indices, ranking, directive, lang, with_implementing=with_implementing
        ),
        indices=[standing(r, lang) for r in on_indices],
        budget=budget_section(unit, as_of, scope, lang),
    )


def as_read_by(content: ReportContent, *, user: UserLike, unit: Unit) -> ReportContent:
    """The report as `user` may read it: the ranking's peers only for a user who may see
    them (`may_see_peers`), otherwise the unit's own row alone. Every caller that hands a
    report to a user (the Reports page, the API) asks this."""
    if content.ranking is not None and not may_see_peers(user, peers_of(unit)):
        content.ranking.rows = [row for row in content.ranking.rows if row.is_self]
    return content


def _check_parameters(*, as_of: date, previous_on: date | None, lang: str, layout: str) -> None:
    if lang not in LANGS:
        raise ReportError(f"{lang!r} is not a language; expected vi or en", "lang")
    if layout not in LAYOUTS:
        raise ReportError(f"{layout!r} is not a layout; expected state or party", "layout")
    for field, day in (("as_of", as_of), ("previous", previous_on)):
        if day is not None and not days.within(day):
            raise ReportError(
                f"{day.isoformat()} is outside the dates a report covers, "
                f"{EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}",
                field,
            )
    if previous_on is not None and previous_on >= as_of:
        raise ReportError("the previous date must be before the report date", "previous")


def _sections(
    unit: Unit, as_of: date, previous_on: date | None, scope: Scope, lang: str
) -> list[DirectiveSection]:
    """One section per directive in scope with tasks in the unit's subtree: its counts on
    the report date, and on the previous date when there is one."""
    by_directive = class_counts_by_directive(unit=unit, as_of=as_of, scope=scope)
    previous_by_directive = (
        class_counts_by_directive(unit=unit, as_of=previous_on, scope=scope)
        if previous_on
        else None
    )
    return [
        _directive_section(
            d,
            by_directive.get(d.pk, ClassCounts()),
            previous_by_directive.get(d.pk, ClassCounts())
            if previous_by_directive is not None
            else None,
            lang,
        )
        for d in _directives(unit, as_of, scope)
    ]


def _indicators(unit: Unit, as_of: date, lang: str) -> IndicatorSection | None:
    """The unit's indicators at their latest periods ended by the report date, as recorded
    at the close when the report date is a closed period's cut-off; None without data."""
    figures, recorded_by = report_figures(unit=unit, as_of=as_of)
    if not figures:
        return None
    return IndicatorSection(
        rows=[_indicator_row(f, lang) for f in figures], as_recorded_at=recorded_by
    )


def _indicator_row(f: KeyFigure, lang: str) -> IndicatorRow:
    c = f.current
    value = json_number(f.value)
    assert value is not None
    return IndicatorRow(
        code=f.spec.code,
        name=f.name(lang),
        measure_unit=f.spec.measure_unit,
        period=str(c.period),
        period_label=period_words(c.period, cumulative=f.spec.cumulative, lang=lang),
        value=value,
        target=json_number(c.target),
        target_period=str(f.target_period) if f.target_period else None,
        expected_value=json_number(c.expected_value),
        achievement=json_number(c.achievement, places=1),
        same_period_last_year=json_number(f.last_year),
        change=json_number(f.change, places=1),
        status=c.status,
        sentence=f.sentence(lang),
    )


def _subject(directive: Directive | None, with_implementing: bool, as_of: date, lang: str) -> str:
    if lang == "vi":
        if directive is None:
            what = "các nhiệm vụ được giao"
        else:
            what = directive_name(directive.kind, directive.symbol, "vi")
            if with_implementing:
                what += " và các văn bản triển khai"
        return f"Kết quả thực hiện {what} đến {format_date(as_of, 'vi')}"
    if directive is None:
        what = "the tasks assigned"
    else:
        what = directive_name(directive.kind, directive.symbol, "en")
        if with_implementing:
            what += " and the documents implementing it"
    return f"Implementation of {what} as of {format_date(as_of, 'en')}"


def _directives(unit: Unit, as_of: date, scope: Scope) -> list[Directive]:
    """Directives in scope with at least one task in the unit's subtree by `as_of`."""
    used = Task.objects.in_subtree(unit).filter(scope.task_q(), assigned_on__lte=as_of)
    return list(
        Directive.objects.filter(pk__in=used.values("directive_id")).order_by(
            "issued_on", "symbol", "pk"
        )
    )


def _directive_section(
    directive: Directive, counts: ClassCounts, previous: ClassCounts | None, lang: str
) -> DirectiveSection:
    name = directive_name(directive.kind, directive.symbol, lang)
    return DirectiveSection(
        symbol=directive.symbol,
        kind=directive.kind,
        name=name,
        title=directive.title,
        counts=counts_of(counts),
        previous=counts_of(previous) if previous else None,
        total_change=counts.total - previous.total if previous else None,
        completed_change=counts.completed - previous.completed if previous else None,
        sentence=report_sentence(counts, subject=name, lang=lang, previous=previous),
    )


def _unit_rows(
    unit: Unit, as_of: date, scope: Scope, totals: ClassCounts, lang: str
) -> list[UnitRow]:
    children = list(Unit.objects.filter(parent=unit).order_by("path"))
    by_child = (
        class_counts_by_peer(peers=children, as_of=as_of, scope=scope, with_timeliness=False)
        if children
        else {}
    )
    own = totals - sum(by_child.values(), ClassCounts())
    rows = []
    if own.total or own.cancelled:
        rows.append(UnitRow(unit.code, _name(unit, lang), unit.kind, counts_of(own), is_self=True))
    for child in children:
        c = by_child[child.pk]
        if c.total or c.cancelled:
            rows.append(UnitRow(child.code, _name(child, lang), child.kind, counts_of(c)))
    return rows


def _name(unit: Unit, lang: str) -> str:
    return unit.name_en or unit.name if lang == "en" else unit.name


def _feedback_from(as_of: date, previous_on: date | None) -> date:
    """The period's updates: since the previous report, or else since the quarter began."""
    if previous_on is not None:
        return previous_on + timedelta(days=1)
    return period_containing(as_of, PeriodKind.QUARTER, settings.STEERCO_CUTOFF_DAY).starts_on


def _feedback(unit: Unit, scope: Scope, start: date, as_of: date, lang: str) -> list[UnitFeedback]:
    """Obstacles and proposals reported in [start, as_of], the latest per task, grouped by
    the reporting unit (the task's lead unit when the update names none)."""
    updates = (
        ProgressUpdate.objects.filter(
            scope.task_q("task__"),
            task__lead_unit__path__gte=unit.path,
            task__lead_unit__path__lt=path_upper_bound(unit.path),
            reported_on__gte=start,
            reported_on__lte=as_of,
        )
        .filter(~Q(obstacles="") | ~Q(proposals=""))
        .select_related("task__lead_unit", "task__directive", "unit")
        .order_by("task_id", "reported_on", "id")
    )
    latest: dict[int, ProgressUpdate] = {}
    for u in updates:
        latest[u.task_id] = u
    groups: dict[str, tuple[Unit, list[FeedbackItem]]] = {}
    for u in latest.values():
        reporter = u.unit or u.task.lead_unit
        _, items = groups.setdefault(reporter.path, (reporter, []))
        items.append(
            FeedbackItem(
                reported_on=u.reported_on,
                directive=u.task.directive.symbol,
                reference=u.task.reference,
                task=u.task.content,
                obstacles=u.obstacles,
                proposals=u.proposals,
            )
        )
    return [
        UnitFeedback(
            unit=_name(reporter, lang),
            unit_code=reporter.code,
            items=sorted(
                items,
                key=lambda i: (i.directive, reference_sort_key(i.reference), i.reported_on),
            ),
        )
        for _, (reporter, items) in sorted(groups.items())
    ]


def _ranking(
    unit: Unit, as_of: date, scope: Scope, previous_on: date | None, lang: str
) -> Ranking | None:
    peers = peers_of(unit)
    if len(peers) < 2:
        return None
    entries = ranking_table(
        peers,
        as_of,
        scope=scope,
        metric=RANK_METRIC,
        previous_on=previous_on,
        with_timeliness=False,
    )
    rows = [
        RankRow(
            rank=e.rank,
            code=e.unit.code,
            name=_name(e.unit, lang),
            value=e.value,
            previous_rank=e.previous_rank,
            change=e.change,
            total=e.counts.total,
            is_self=e.unit.pk == unit.pk,
        )
        for e in entries
    ]
    me = next(r for r in rows if r.is_self)
    label = "tỷ lệ đạt tiêu chí XANH" if lang == "vi" else "the rate of meeting the GREEN criteria"
    subject = locality(unit) if lang == "vi" else _name(unit, lang)
    return Ranking(
        metric=RANK_METRIC,
        peers=len(rows),
        rank=me.rank,
        previous_rank=me.previous_rank,
        change=me.change,
        value=me.value,
        sentence=rank_sentence(
            subject,
            rank=me.rank,
            peers=len(rows),
            value=me.value,
            change=me.change,
            metric_label=label,
            lang=lang,
        ),
        rows=rows,
    )
