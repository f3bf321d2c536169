"""Reading the audit trail: an object's history as a reader sees it (the field's name,
the values before and after in the interface language), and the log's filters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .capture import audited_models
from .models import AuditAction, AuditEvent, AuditSource
from .services import object_type

# Events this close together, by the same actor on the same object, are one change as a
# reader sees it: a form's save and the many-to-many changes made with it.
SAME_CHANGE = timedelta(seconds=2)

# How the values of a summary event (plan imported, ...) are named.
SUMMARY_NAMES = {
    "created": gettext_lazy("tasks created"),
    "updated": gettext_lazy("tasks updated"),
    "cascaded": gettext_lazy("sub-tasks created"),
    "file": gettext_lazy("file"),
    "within": gettext_lazy("within"),
    "period": gettext_lazy("period"),
    "opened_as": gettext_lazy("opened as"),
}


@dataclass(frozen=True)
class ChangeLine:
    name: str  # the field as the interface names it ("deadline in force")
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    actor: str  # the actor's name as recorded, or "the system"
    source: str
    action: str  # as the interface says it ("changed")
    action_code: str  # an AuditAction value ("created")
    lines: list[ChangeLine] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)  # the events shown as this entry
    object_type: str = ""
    object_id: str = ""
    object_label: str = ""
    type_name: str = ""


def _model_of(event: AuditEvent) -> type[models.Model] | None:
    try:
        return apps.get_model(event.object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(f: Any, value: Any) -> str:
    """A recorded value as the interface shows it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(_shown(f, v) for v in value)
    if isinstance(value, dict):
        return str(value.get("label", value.get("id", "")))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if f is not None and getattr(f, "flatchoices", None):
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        return date_format(localtime(moment), "d/m/Y H:i") if moment else value
    if isinstance(f, models.DateField) and isinstance(value, str):
        day = parse_date(value)
        return date_format(day, "d/m/Y") if isinstance(day, date) else value
    return str(value)


def _lines(event: AuditEvent, model: type[models.Model] | None) -> list[ChangeLine]:
    out = []
    for name, pair in sorted(event.changes.items(), key=lambda item: _order(model, item[0])):
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        f = _field(model, name)
        if f is not None:
            label = str(f.verbose_name)
        else:
            label = str(SUMMARY_NAMES.get(name, name.replace("_", " ")))
        out.append(ChangeLine(label, _shown(f, old), _shown(f, new)))
    return out


def _order(model: type[models.Model] | None, name: str) -> int:
    """Fields in the order the model declares them."""
    if model is None:
        return 0
    names = [f.name for f in model._meta.get_fields()]
    return names.index(name) if name in names else len(names)


def _action(value: str) -> str:
    try:
        return str(AuditAction(value).label)
    except ValueError:
        return value.replace("_", " ")


def _source(value: str) -> str:
    try:
        return str(AuditSource(value).label)
    except ValueError:
        return value


def _merged(events: list[AuditEvent]) -> list[list[AuditEvent]]:
    """Events in order of id, grouped where one change was recorded as several (a save
    followed by its many-to-many changes, a set() as a removal then an addition)."""
    groups: list[list[AuditEvent]] = []
    for event in events:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and event.action == AuditAction.CHANGED
            and last.action in (AuditAction.CREATED, AuditAction.CHANGED)
            and (last.object_type, last.object_id) == (event.object_type, event.object_id)
            and (last.actor_id, last.source) == (event.actor_id, event.source)
            and event.at - last.at <= SAME_CHANGE
        ):
            groups[-1].append(event)
        else:
            groups.append([event])
    return groups


def _entry(group: list[AuditEvent]) -> HistoryEntry:
    first = group[0]
    changes: dict[str, list[Any]] = {}
    for event in group:
        for name, pair in event.changes.items():
            if name in changes and isinstance(pair, list) and len(pair) == 2:
                changes[name] = [changes[name][0], pair[1]]
            else:
                changes[name] = list(pair) if isinstance(pair, list) else [None, pair]
    merged = AuditEvent(object_type=first.object_type, changes=changes)
    return HistoryEntry(
        at=group[-1].at,
        actor=first.actor_name or _("the system"),
        source=_source(first.source),
        action=_action(first.action),
        action_code=first.action,
        lines=_lines(merged, _model_of(first)),
        ids=[e.pk for e in group],
        object_type=first.object_type,
        object_id=first.object_id,
        object_label=first.object_label,
        type_name=type_name(first.object_type),
    )


def object_history(obj: models.Model, *, limit: int = 200) -> list[HistoryEntry]:
    """What was recorded about `obj`, newest first, as the interface shows it."""
    events = list(
        AuditEvent.objects.filter(object_type=object_type(obj), object_id=str(obj.pk)).order_by(
            "-id"
        )[:limit]
    )
    events.reverse()
    return [_entry(group) for group in reversed(_merged(events))]


def events(
    *,
    object_type: str | None = None,
    action: str | None = None,
    by: str = "",
    day_from: date | None = None,
    day_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """The log, newest first, narrowed by object type, action (an AuditAction: "personal
    data viewed" lists the openings of officials' scorecards), the actor's name as recorded
    (a part of it) and days."""
    qs = AuditEvent.objects.all()
    if object_type:
        qs = qs.filter(object_type=object_type)
    if action:
        qs = qs.filter(action=action)
    if by.strip():
        qs = qs.filter(actor_name__icontains=by.strip())
    if day_from is not None:
        qs = qs.filter(day__gte=day_from)
    if day_to is not None:
        qs = qs.filter(day__lte=day_to)
    return qs.order_by("-id")


def object_types() -> list[tuple[str, str]]:
    """The audited kinds of object, as (object_type, the interface's name), for a filter."""
    return [(t, str(model._meta.verbose_name)) for t, model in audited_models().items()]


def type_name(value: str) -> str:
    try:
        return str(apps.get_model(value)._meta.verbose_name)
    except (LookupError, ValueError):
        return value


def entries(events: Iterable[AuditEvent]) -> list[HistoryEntry]:
    """Each event as one entry (the log shows them unmerged)."""
    return [_entry([e]) for e in events]
