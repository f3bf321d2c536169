"""A province's push of 10,000 tasks' histories (issue 19), timed: what `steerco sync push`
does — the sender exports the province's document (`exchange_document`), cuts it in
batches of 500 tasks, and each batch is POSTed to /api/v1/exchange/import?commit=true
with a token and committed there — through Django's whole request handling in this
process (no network).

One database plays both instances: the receiver's copy of the tasks is made first,
untimed (the province's first 10,000 tasks under new global ids and new directive
symbols, as a centre holds the tasks it assigned before any history arrives; a province
with fewer tasks is copied twice or more, and the document cut at 10,000), and the
document is the sender's, its ids mapped to the copies'. Every row of history is then
new to the receiver. The sender's export is timed on the province's own tasks and
counted per task. Everything is rolled back after each run."""

from __future__ import annotations

import math
import time
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from steerco.directives.models import Directive, Task
from steerco.directives.services import directive_create, task_create_many
from steerco.exchange.document import (
    DecisionColumns,
    DirectiveRow,
    ExchangeDocument,
    ExtensionColumns,
    TaskRow,
    UpdateColumns,
)
from steerco.exchange.selectors import exchange_document
from steerco.exchange.sync import batches
from steerco.units.models import Membership, Role, Unit

from .api_writes import _host

PUSH_TASKS = 10_000
BATCH = 500
URL = "/api/v1/exchange/import?commit=true"


class _Rollback(Exception):  # noqa: N818 - control flow, not an error
    pass


def _sender_tasks(province: Unit) -> list[int]:
    """The province's first PUSH_TASKS tasks (by id: parents first), before any copy."""
    return list(
        Task.objects.in_subtree(province).order_by("pk").values_list("pk", flat=True)[:PUSH_TASKS]
    )


def _sender_document(province: Unit, ids: list[int]) -> ExchangeDocument:
    """The province's document for the tasks `ids`."""
    # as a push reads them (`sync.push`): the directives of the tasks, by a subquery
    chosen = Task.objects.filter(pk__in=ids).values("directive_id")
    directives = list(Directive.objects.filter(pk__in=chosen).order_by("pk"))
    document = exchange_document(unit=province, directives=directives)
    if len(document.tasks) == len(ids):  # every task of the province (they are among its)
        return document
    keep = set(Task.objects.filter(pk__in=ids).values_list("global_id", flat=True))
    return document.of_tasks(keep)


def _implemented_first(rows: list[DirectiveRow]) -> list[DirectiveRow]:
    """The directives, each after the one it implements when that is among them."""
    inside = {d.global_id for d in rows}
    out: list[DirectiveRow] = []
    placed: set[Any] = set()
    pending = list(rows)
    while pending:
        later = []
        for d in pending:
            if d.implements is None or d.implements not in inside or d.implements in placed:
                out.append(d)
                placed.add(d.global_id)
            else:
                later.append(d)
        if len(later) == len(pending):
            raise RuntimeError("directives implementing each other in a cycle")
        pending = later
    return out


def _receivers_copy(document: ExchangeDocument) -> tuple[dict[Any, Any], dict[Any, str]]:
    """The document's directives and tasks created anew (bulk, untimed): old global id ->
    the copy's, and the copied directives' symbols."""
    units = {u.code: u for u in Unit.objects.all()}
    mapped: dict[Any, Any] = {}
    symbols: dict[Any, str] = {}
    directives: dict[Any, Directive] = {}
    for d in _implemented_first(document.directives):
        implements = directives.get(d.implements) if d.implements else None
        if implements is None and d.implements:
            implements = Directive.objects.filter(global_id=d.implements).first()
        copy = directive_create(
            symbol=f"{d.symbol}~{uuid.uuid4().hex[:6]}",
            kind=d.kind,
            issuer=units[d.issuer],
            issued_on=d.issued_on,
            title=d.title,
            implements=implements,
            requires_acceptance=d.requires_acceptance,
        )
        directives[d.global_id] = copy
        mapped[d.global_id] = copy.global_id
        symbols[copy.global_id] = copy.symbol
    made: dict[Any, Task] = {}
    pending = list(document.tasks)
    inside = {t.global_id for t in pending}
    while pending:  # level by level: a spec's parent must be saved
        ready: list[TaskRow] = []
        later: list[TaskRow] = []
        for t in pending:
            waits = t.parent is not None and t.parent in inside and t.parent not in made
            (later if waits else ready).append(t)
        specs = []
        for t in ready:
            parent = made.get(t.parent) if t.parent else None
            if parent is None and t.parent is not None:
                parent = Task.objects.get(global_id=t.parent)
            specs.append(
                {
                    "directive": directives[t.directive],
                    "content": t.content,
                    "lead_unit": units[t.lead_unit],
                    "assigned_on": t.assigned_on,
                    "reference": t.reference,
                    "external_partners": t.external_partners,
                    "assigned_by": units[t.assigned_by],
                    "responsible_person": t.responsible_person,
                    "deadline_text": t.deadline_text,
                    "due_on": t.original_due_on,
                    "recurring": t.recurring,
                    "cadence": t.cadence,
                    "expected_product": t.expected_product,
                    "field": t.field,
                    "authority": t.authority,
                    "parent": parent,
                    "coordinating_units": [units[c] for c in t.coordinating_units],
                }
            )
        for t, task in zip(ready, task_create_many(specs=specs), strict=True):
            made[t.global_id] = task
            mapped[t.global_id] = task.global_id
        pending = later
    return mapped, symbols


def _mapped(
    document: ExchangeDocument, ids: dict[Any, Any], symbols: dict[Any, str]
) -> ExchangeDocument:
    """The sender's document with the copy's global ids and directive symbols (a history
    row's id is its task's and place's: it follows)."""

    def m(gid: Any) -> Any:
        return ids.get(gid, gid)

    return document.model_copy(
        update={
            "directives": [
                d.model_copy(
                    update={
                        "global_id": m(d.global_id),
                        "implements": m(d.implements),
                        "symbol": symbols[m(d.global_id)],
                    }
                )
                for d in document.directives
            ],
            "tasks": [
                t.model_copy(
                    update={
                        "global_id": m(t.global_id),
                        "directive": m(t.directive),
                        "parent": m(t.parent),
                    }
                )
                for t in document.tasks
            ],
        }
        | {
            name: rows.model_copy(update={"task": [m(t) for t in rows.task]})
            for name, rows in [
                ("updates", document.updates),
                ("extensions", document.extensions),
                ("decisions", document.decisions),
            ]
        }
    )


def _merged(documents: list[ExchangeDocument]) -> ExchangeDocument:
    """One document of the copies', cut to its first PUSH_TASKS tasks."""
    first = documents[0]
    tasks = [t for d in documents for t in d.tasks][:PUSH_TASKS]
    keep = {t.global_id for t in tasks}
    whole = first.model_copy(
        update={
            "directives": [r for d in documents for r in d.directives],
            "tasks": tasks,
            "updates": UpdateColumns.joined([d.updates for d in documents]),
            "extensions": ExtensionColumns.joined([d.extensions for d in documents]),
            "decisions": DecisionColumns.joined([d.decisions for d in documents]),
        }
    )
    return whole.of_tasks(keep)


def timed_push(province: Unit, runs: int) -> tuple[list[float], dict[str, int]]:
    """The seconds of each run of the push (the sender's export, then the batches POSTed
    and committed), and what one carried."""
    from steerco.accounts.tokens import token_create

    times: list[float] = []
    sizes: dict[str, int] = {}
    try:
        with transaction.atomic():
            user, _ = get_user_model().objects.get_or_create(username="bench-sync")
            Membership.objects.get_or_create(user=user, unit=province, role=Role.MANAGER)
            token = token_create(actor=None, user=user, name="bench", scopes="read,report").token
            client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", SERVER_NAME=_host())
            ids = _sender_tasks(province)
            sent = _sender_document(province, ids)
            if not sent.tasks:
                raise RuntimeError(f"{province.name} has no task to push")
            copies = [_receivers_copy(sent) for _ in range(math.ceil(PUSH_TASKS / len(sent.tasks)))]
            for _ in range(runs):
                with transaction.atomic():
                    started = time.perf_counter()
                    sent = _sender_document(province, ids)
                    exported = time.perf_counter() - started
                    # untimed, not a push's work: the sender's ids mapped to the copies'
                    document = _merged([_mapped(sent, gids, symbols) for gids, symbols in copies])
                    exported *= len(document.tasks) / len(sent.tasks)  # the export, per task
                    started = time.perf_counter()
                    for batch in batches(document, BATCH):
                        body = batch.model_dump_json()
                        response = client.post(URL, body, content_type="application/json")
                        if response.status_code != 200 or not response.json()["committed"]:
                            raise RuntimeError(
                                f"a batch answered {response.status_code}: "
                                f"{str(response.content[:300])}"
                            )
                    times.append(exported + time.perf_counter() - started)
                    sizes = {
                        "tasks": len(document.tasks),
                        "province_tasks": len(sent.tasks),
                        "updates": len(document.updates),
                        "extensions": len(document.extensions),
                        "decisions": len(document.decisions),
                    }
                    transaction.set_rollback(True)
            raise _Rollback
    except _Rollback:
        pass
    return times, sizes


def push_result(province: Unit, vendor: str, scale: str, runs: int, say: Any) -> Any:
    """The benchmark's row (steerco/bench/runner.py)."""
    import statistics

    from .runner import SYNC_PUSH, Result, percentile, target_for

    target = target_for(SYNC_PUSH, vendor)
    n = max(1, min(runs, 3))  # ten thousand tasks a run: a few runs
    try:
        seconds, sizes = timed_push(province, n)
    except RuntimeError as exc:
        return Result(SYNC_PUSH, vendor, scale, None, None, 0, target, "error", str(exc)[:200])
    ms = [s * 1000 for s in seconds]
    p50, p95 = round(statistics.median(ms), 1), round(percentile(ms, 0.95), 1)
    note = (
        f"{sizes['tasks']:,} tasks ({province.name}'s {sizes['province_tasks']:,}, copied as "
        f"needed), {sizes['updates']:,} updates, {sizes['extensions']:,} extensions, "
        f"{sizes['decisions']:,} decisions in batches of {BATCH} through the API in process "
        "(the export timed on the province's tasks, per task); rolled back"
    )
    say(f"  {SYNC_PUSH}: p50 {p50} ms, p95 {p95} ms")
    return Result(SYNC_PUSH, vendor, scale, p50, p95, n, target, note=note, extra=sizes)
