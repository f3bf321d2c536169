"""Tasks: the task list with the /tasks/ page's filters and sorts, one task, its history.

The list is the page's own read (`progress.selectors.task_list`: only tasks the caller may
view, classified as of `as_of`, cancelled tasks only when `task_class` asks for them) in
pages of at most 500 behind an opaque cursor: follow `next` until it is null. The cursor
keeps the query and the date it was made for (the first page's `as_of`, today by
default); changing a filter with a cursor from another query is refused.

The default order is `id`, the API's own (the integrators' order for syncing): its cursor
carries the last task's id (keyset), so the database walks the primary key and stops after
the page, page 50 costs what page 1 does, and a walk lists every task exactly once even
while tasks are added (they come last). The page's sorts (`sort=deadline`, ...) are
there too, in the page's order; their cursor is an offset, so they sort every task of the
query for each page and list every task once while the data does not change.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from typing import Any, Literal

from django.core import signing
from django.db.models import F, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from ninja import Field, Query, Router, Schema

from steerco.api.auth import caller
from steerco.api.problems import FieldError
from steerco.directives.models import Task
from steerco.directives.permissions import visible_tasks_q
from steerco.people.models import Person
from steerco.progress.access import directive_param, task_for_user
from steerco.progress.classification import TaskClass
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.selectors import (
    SORTS,
    TaskFilters,
    task_history,
    task_list,
    task_relations,
)
from steerco.units.models import Unit

from .schemas import Day, TaskDetail, TaskHistory, TaskPage

router = Router(tags=["tasks"])

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
CURSOR_SALT = "steerco.api.v1.tasks.cursor"

Sort = Literal[
    "id", "deadline", "-deadline", "directive", "unit", "class", "percent", "-percent", "updated"
]
# The page's sorts plus `id`, the API's own order (its default, paged by keyset: the
# /tasks/ page has no use for it, so it is not among the page's SORTS).
ID_ORDER: Literal["id"] = "id"
assert set(Sort.__args__) == set(SORTS) | {ID_ORDER}  # type: ignore[attr-defined]
ClassName = Literal["done_on_time", "done_late", "on_track", "overdue", "regular", "cancelled"]
assert set(ClassName.__args__) == {c.value for c in TaskClass}  # type: ignore[attr-defined]


class TaskQuery(Schema):
    """The /tasks/ page's filters, by the same names."""

    directive: int | None = Field(None, description="A directive's id.")
    unit: str | None = Field(None, description="A lead unit's code: it and the units under it.")
    task_class: ClassName | None = Field(None, description="Only this class (as of `as_of`).")
    due_from: Day | None = Field(None, description="Deadline in force on or after.")
    due_to: Day | None = Field(None, description="Deadline in force on or before.")
    field: str | None = Field(None, max_length=64, description="Only tasks of this field.")
    not_five_clear: bool = Field(False, description="Only tasks lacking one of the clears.")
    q: str = Field(
        "", max_length=200, description="Words anywhere in the task (no accents needed)."
    )
    sort: Sort = Field(
        ID_ORDER,
        description="`id` (the default: stable, the cost of a page does not grow with its "
        "depth) or one of the /tasks/ page's sorts, in the page's order.",
    )
    as_of: Day | None = Field(None, description="The date of the classes; today by default.")
    cursor: str | None = Field(None, description="From the previous page's `next`.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Tasks per page (≤ 500).")


def _relation(task: Any) -> dict[str, bool]:
    return {
        "leads": bool(task.leads),
        "coordinates": bool(task.coordinates),
        "assigns": bool(task.assigns),
    }


def task_out(task: Any) -> dict[str, Any]:
    """A task of the list: classified (`task_class`, `c_due`) and with `task_relations`."""
    return {
        "id": task.pk,
        "reference": task.reference,
        "content": task.content,
        "directive": {"id": task.directive_id, "symbol": task.directive.symbol},
        "lead_unit": {"code": task.lead_unit.code, "name": task.lead_unit.name},
        "recurring": task.recurring,
        "cadence": task.cadence,
        "deadline_text": task.deadline_text,
        "original_due_on": task.original_due_on,
        "due_on": getattr(task, "c_due", task.due_on),
        "task_class": getattr(task, "task_class", None),
        "state": task.state,
        "percent": task.percent,
        "completed_on": task.completed_on,
        "accepted_on": task.accepted_on,
        "cancelled_on": task.cancelled_on,
        "last_reported_on": task.last_reported_on,
        "five_clear": task.five_clear,
        "field": task.field,
        "assigned_on": task.assigned_on,
        "relation": _relation(task),
        "web_url": reverse("web:task", kwargs={"task_id": task.pk}),
    }


def _filters(request: HttpRequest, query: TaskQuery) -> TaskFilters:
    user = caller(request)
    directive = None
    if query.directive is not None:
        try:
            directive = directive_param(user, str(query.directive))
        except Http404 as exc:  # one the caller may not open, or none: the same answer
            raise FieldError("directive", "No such directive.") from exc
    unit = None
    if query.unit:
        unit = Unit.objects.filter(code=query.unit).first()
        if unit is None:
            raise FieldError("unit", "No unit has this code.")
    if query.due_from and query.due_to and query.due_from > query.due_to:
        raise FieldError("due_to", "The end of the range is before its start.")
    return TaskFilters(
        directive=directive,
        unit=unit,
        task_class=query.task_class or "",
        due_from=query.due_from,
        due_to=query.due_to,
        field=query.field or "",
        not_five_clear=query.not_five_clear,
        text=query.q.strip(),
        sort=query.sort,
    )


def _digest(query: TaskQuery, as_of: date) -> str:
    """What a cursor is bound to: the query's filters and sort, and the date."""
    kept = query.model_dump(exclude={"cursor", "limit", "as_of"})
    raw = json.dumps({**kept, "as_of": as_of.isoformat()}, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _position(query: TaskQuery, as_of: date) -> int:
    """Where the cursor left off: the last task's id for the `id` order, else an offset."""
    if not query.cursor:
        return 0
    try:
        data = signing.loads(query.cursor, salt=CURSOR_SALT)
        digest = str(data["d"])
        position = int(data["k"] if query.sort == ID_ORDER else data["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise FieldError("cursor", "Not a cursor this API gave; start without one.") from None
    if digest != _digest(query, as_of):
        raise FieldError(
            "cursor", "This cursor belongs to another query or date; start without one."
        )
    return max(position, 0)


@router.get("/tasks", response=TaskPage, url_name="tasks", summary="The task list")
def tasks(request: HttpRequest, query: Query[TaskQuery]) -> dict[str, Any]:
    """The tasks the caller may see, as the /tasks/ page lists them (same filters, same
    sorts), classified as of `as_of`: by id unless `sort` names one of the page's orders."""
    filters = _filters(request, query)
    as_of = query.as_of or timezone.localdate()
    position = _position(query, as_of)
    rows: list[Any]
    if query.sort == ID_ORDER:
        listed = task_list(
            user=caller(request), filters=replace(filters, sort=""), as_of=as_of, parents=False
        )
        assert isinstance(listed, QuerySet)  # every order but "directive" is SQL's
        after = listed.filter(pk__gt=position)
        if filters.unit is not None:
            # Where the walk starts: the unit's first task after the cursor, a few index
            # reads (`+ 0` keeps them off the primary key). Without it PostgreSQL walks the
            # primary key through every other province's tasks before this one's (150,000
            # for the province whose plan came last at national scale: 250 ms, not 23).
            first = (
                Task.objects.in_subtree(filters.unit)
                .filter(pk__gt=position)
                .annotate(k=F("pk") + 0)
                .order_by("k")
                .values("k")[:1]
            )
            after = after.filter(pk__gte=Subquery(first))
        rows = list(after.order_by("pk")[: query.limit + 1])
    else:
        listed = task_list(user=caller(request), filters=filters, as_of=as_of, parents=False)
        rows = list(listed[position : position + query.limit + 1])
    next_url = None
    if len(rows) > query.limit:
        rows = rows[: query.limit]
        mark = {"k": rows[-1].pk} if query.sort == ID_ORDER else {"o": position + query.limit}
        cursor = signing.dumps({**mark, "d": _digest(query, as_of)}, salt=CURSOR_SALT)
        params: dict[str, str] = {
            k: str(v) for k, v in request.GET.items() if k not in ("cursor", "as_of") and v
        }
        params.update({"as_of": as_of.isoformat(), "cursor": cursor})
        next_url = f"{request.path}?{urlencode(params)}"
    return {"as_of": as_of, "items": [task_out(t) for t in rows], "next": next_url}


class AsOf(Schema):
    as_of: Day | None = Field(None, description="The date of the class; today by default.")


def _officials(task: Task) -> dict[int | None, dict[str, Any]]:
    """The task's responsible official and deputy by id, read in one query."""
    ids = [i for i in (task.responsible_id, task.deputy_id) if i is not None]
    if not ids:
        return {}
    return {
        p.pk: {"id": p.pk, "full_name": p.full_name, "position": p.position, "unit": p.unit.code}
        for p in Person.objects.filter(pk__in=ids).select_related("unit")
    }


@router.get("/tasks/{task_id}", response=TaskDetail, url_name="task", summary="A task")
def task(request: HttpRequest, task_id: int, query: Query[AsOf]) -> dict[str, Any]:
    """One task the caller may view (404 otherwise, as for one that does not exist), with
    its class as of `as_of` (null when it was assigned after that date)."""
    user = caller(request)
    found = task_for_user(user, task_id)
    as_of = query.as_of or timezone.localdate()
    row = (
        classify_tasks(Task.objects.filter(pk=found.pk), as_of)
        .values("task_class", "c_due")
        .first()
    )
    flags = Task.objects.filter(pk=found.pk).annotate(**task_relations(user)).only("pk").get()
    for name in ("leads", "coordinates", "assigns"):
        setattr(found, name, getattr(flags, name))
    found.task_class = row["task_class"] if row else None  # type: ignore[attr-defined]
    found.c_due = row["c_due"] if row else found.due_on  # type: ignore[attr-defined]
    parent = None
    if found.parent_id is not None and (
        Task.objects.filter(pk=found.parent_id).filter(visible_tasks_q(user)).exists()
    ):
        parent = found.parent_id
    officials = _officials(found)
    return {
        **task_out(found),
        "assigned_by": {"code": found.assigned_by.code, "name": found.assigned_by.name},
        "coordinating_units": [
            {"code": u.code, "name": u.name} for u in found.coordinating_units.all()
        ],
        "external_partners": found.external_partners,
        "responsible_person": found.responsible_person,
        "responsible": officials.get(found.responsible_id),
        "deputy": officials.get(found.deputy_id),
        "expected_product": found.expected_product,
        "authority": found.authority,
        "parent": parent,
    }


@router.get(
    "/tasks/{task_id}/history",
    response=TaskHistory,
    url_name="task_history",
    summary="A task's history",
)
def history(request: HttpRequest, task_id: int) -> dict[str, Any]:
    """Every update of the task (reports, acceptances, returned completions, the
    cancellation), newest first, with its evidence files; as the task page shows them."""
    found = task_for_user(caller(request), task_id)
    items = []
    for u in task_history(task=found):
        unit, author = u.unit, u.author
        items.append(
            {
                "id": u.pk,
                "kind": u.kind,
                "reported_on": u.reported_on,
                "recorded_at": u.recorded_at,
                "state": u.state,
                "percent": u.percent,
                "unit": unit.code if unit is not None else None,
                "author": (author.get_full_name() or author.get_username()) if author else None,
                "done": u.done,
                "obstacles": u.obstacles,
                "proposals": u.proposals,
                "product_symbol": u.product_symbol,
                "product_date": u.product_date,
                "links": [line.strip() for line in u.links.splitlines() if line.strip()],
                "note": u.note,
                "files": [
                    {
                        "name": f.name,
                        "size": f.size,
                        "content_type": f.content_type,
                        "web_url": reverse("web:evidence", kwargs={"file_id": f.pk}),
                    }
                    for f in u.files.all()
                ],
            }
        )
    return {"task": found.pk, "items": items}
