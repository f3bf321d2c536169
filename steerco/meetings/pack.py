"""A meeting's pack: what the committee read, generated and frozen when the meeting is
marked held, so it stays readable after the data moves on.

It holds the report for the committee's province as of the meeting date
(`reports.build.build_report`, stored as its JSON, `ReportContent.as_dict`) and the
implementation of the committee's previous concluding notices: for each, the counts of
its tasks by class as of the meeting date and the overdue ones with their lead unit.
`report_of` reads the stored report back into a `ReportContent` for the report's
renderers."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from steerco.directives.models import Directive, DirectiveKind, Task
from steerco.lib.references import reference_sort_key
from steerco.progress.classification_sql import classify_tasks
from steerco.reports.build import build_report, counts_of
from steerco.reports.content import Counts, ReportContent
from steerco.scoring.scorecard import ClassCounts
from steerco.units.models import Unit, UnitKind

PACK_VERSION = 1


@dataclass
class OverdueConclusion:
    reference: str
    content: str
    lead_code: str
    lead_name: str
    due_on: date | None
    days_late: int | None


@dataclass
class NoticeStatus:
    """The implementation of one earlier concluding notice, as of the meeting date."""

    symbol: str
    issued_on: date
    counts: Counts
    overdue: list[OverdueConclusion] = field(default_factory=list)


def province_of(committee: Unit) -> Unit:
    """The province a committee steers (its parent); the central committee: itself."""
    parent = committee.parent
    if parent is not None and parent.kind == UnitKind.PROVINCE:
        return parent
    return committee


def notices_status(committee: Unit, as_of: date, *, before: date) -> list[NoticeStatus]:
    """Every concluding notice the committee issued before `before`, oldest first, with its
    tasks counted by class as of `as_of` (one query for all their tasks)."""
    notices = list(
        Directive.objects.filter(
            issuer=committee, kind=DirectiveKind.NOTICE, issued_on__lt=before
        ).order_by("issued_on", "symbol", "pk")
    )
    tasks = classify_tasks(
        Task.objects.filter(directive__in=notices).select_related("lead_unit"), as_of
    ).order_by("directive_id", "reference", "pk")
    by_notice: dict[int, tuple[ClassCounts, list[OverdueConclusion]]] = {
        n.pk: (ClassCounts(), []) for n in notices
    }
    for task in tasks:
        counts, overdue = by_notice[task.directive_id]
        counts.add(task.task_class)
        if task.task_class == "overdue":
            overdue.append(
                OverdueConclusion(
                    reference=task.reference,
                    content=task.content,
                    lead_code=task.lead_unit.code,
                    lead_name=task.lead_unit.name,
                    due_on=task.c_due,
                    days_late=(as_of - task.c_due).days if task.c_due else None,
                )
            )
    for _counts, overdue in by_notice.values():  # the longest overdue first, as the report
        overdue.sort(key=lambda o: (-(o.days_late or 0), reference_sort_key(o.reference)))
    return [
        NoticeStatus(n.symbol, n.issued_on, counts_of(by_notice[n.pk][0]), by_notice[n.pk][1])
        for n in notices
    ]


def build_pack(
    *, committee: Unit, held_on: date, lang: str = "vi", layout: str = "state"
) -> dict[str, Any]:
    """The pack as stored: plain JSON (dates as ISO text)."""
    report = build_report(unit=province_of(committee), as_of=held_on, lang=lang, layout=layout)
    notices = notices_status(committee, held_on, before=held_on)
    return {
        "version": PACK_VERSION,
        "as_of": held_on.isoformat(),
        "lang": lang,
        "layout": layout,
        "previous_notices": [_jsonable(dataclasses.asdict(n)) for n in notices],
        "report": report.as_dict(),
    }


def notices_of(pack: dict[str, Any]) -> list[NoticeStatus]:
    return [_from_json(NoticeStatus, n) for n in pack["previous_notices"]]


def report_of(pack: dict[str, Any]) -> ReportContent:
    """The stored report as the renderers read it."""
    data = dict(pack["report"])
    data.pop("overdue", None), data.pop("not_five_clear", None)  # properties, recomputed
    return _from_json(ReportContent, data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_json(tp: Any, value: Any) -> Any:
    """`value` (as `_jsonable` or `ReportContent.as_dict` wrote it) back into type `tp`."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from_json(inner[0], value)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_from_json(item, v) for v in value]
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        names = {f.name for f in dataclasses.fields(tp) if f.init}
        return tp(**{k: _from_json(hints[k], v) for k, v in value.items() if k in names})
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    if tp is float and isinstance(value, int):
        return float(value)
    return value
