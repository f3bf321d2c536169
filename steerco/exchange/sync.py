"""`steerco sync pull|push`: the exchange between a province's instance and the central
one over the API (issue 19), on demand or from cron.

- pull: GET the remote's exchange document for a unit (`/api/v1/exchange/export`) and
  import it here (the tasks the centre assigned to the province arrive with their global
  ids; the province then cascades them as usual).
- push: export this instance's history of the unit since the watermark (`SyncState`) and
  POST it to the remote in batches of tasks (`/api/v1/exchange/import?commit=true`), each
  committed all or nothing there. The watermark moves once every batch was acknowledged
  with nothing refused, to the day the run started: a push cut short (killed, the network
  gone) is run again from the old watermark, and the batches the remote already holds are
  skipped there row by row (history rows are known by their global ids) — the same state
  as one clean run, no duplicates.

Ownership decides conflicts on the receiving side (`services`): a refused row comes back
with its reason; its task (definition and history) is taken out of the batch, the rest
sent again, and every refused row is reported — never dropped silently. HTTP is the
standard library's urllib."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from steerco.directives.models import Directive, Task
from steerco.units.models import Unit

from .document import ExchangeDocument, history_id
from .models import SyncDirection, SyncState
from .selectors import exchange_document
from .services import ExchangeError, exchange_import, read_document

API = "/api/v1"
TIMEOUT = 300
RETRIES = 5
# A test hook: the push stops dead (as a killed process would) after this many
# acknowledged batches. Never set in production.
CRASH_AFTER = "STEERCO_SYNC_CRASH_AFTER_BATCHES"


class SyncError(Exception):
    """The exchange could not run (the remote unreachable, the token refused, ...)."""


def remote_base(url: str) -> str:
    """The remote's address as the watermark is kept under: no trailing slash nor /api/v1."""
    base = url.strip().rstrip("/")
    if base.endswith(API):
        base = base[: -len(API)]
    parts = urllib.parse.urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SyncError(f"{url!r} is not an http(s) address")
    return base


@dataclass
class Report:
    """What a run did: the rows by kind and action, and every refused row with its reason."""

    direction: str
    remote: str
    unit: str
    batches: int = 0
    acknowledged: int = 0
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    refused: list[dict[str, str]] = field(default_factory=list)
    cursor_before: date | None = None
    cursor_after: date | None = None
    complete: bool = False

    def add(self, counts: dict[str, dict[str, int]]) -> None:
        """Count a committed batch's rows created and skipped (its answer's `counts`)."""
        for kind, by_action in counts.items():
            for action, n in by_action.items():
                if action != "refuse" and n:
                    self.counts[(kind, action)] += n

    def as_dict(self) -> dict[str, Any]:
        counts: dict[str, dict[str, int]] = {}
        for (kind, action), n in sorted(self.counts.items()):
            counts.setdefault(kind, {})[action] = n
        for item in self.refused:
            row = counts.setdefault(item["kind"], {})
            row["refuse"] = row.get("refuse", 0) + 1
        return {
            "direction": self.direction,
            "remote": self.remote,
            "unit": self.unit,
            "batches": self.batches,
            "acknowledged": self.acknowledged,
            "complete": self.complete,
            "cursor_before": self.cursor_before.isoformat() if self.cursor_before else None,
            "cursor_after": self.cursor_after.isoformat() if self.cursor_after else None,
            "counts": counts,
            "refused": self.refused,
        }


# --- HTTP -----------------------------------------------------------------------------


def _request(
    url: str, token: str, *, data: bytes | None = None, sleep: Callable[[float], None] = time.sleep
) -> tuple[int, bytes]:
    """(status, body) of a GET (or a POST of JSON `data`); waits out a 429 as Retry-After
    says, a few times."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    for _attempt in range(RETRIES):
        request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - http(s) checked
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310
                return answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            body = exc.read()
            if exc.code == 429:
                sleep(float(exc.headers.get("Retry-After") or 5))
                continue
            return exc.code, body
        except (urllib.error.URLError, OSError) as exc:
            raise SyncError(f"{url}: {getattr(exc, 'reason', exc)}") from None
    raise SyncError(f"{url}: still rate-limited after {RETRIES} tries")


def _problem(status: int, body: bytes) -> str:
    try:
        detail = json.loads(body)
        return f"{status} {detail.get('title', '')}: {detail.get('detail', '')}".strip()
    except ValueError:
        return f"{status}: {body[:200]!r}"


# --- Batches and refusals ---------------------------------------------------------------


def batches(document: ExchangeDocument, size: int) -> Iterator[ExchangeDocument]:
    """`document` cut into documents of at most `size` tasks each, every task with its own
    history. The first carries every directive, the others those their tasks belong to and
    the directives these implement (the receiver skips those it holds; a push's 20 batches
    each compared all of them). Tasks come in the document's order (by creation here: a
    parent before its children)."""
    if not document.tasks:
        yield document
        return
    # each task's rows found once, not by a pass over the whole history for every batch
    rows = {name: getattr(document, name).by_task() for name in HISTORY}
    implements = {d.global_id: d.implements for d in document.directives}
    for i in range(0, len(document.tasks), size):
        tasks = document.tasks[i : i + size]
        directives = document.directives
        if i:
            needed = {t.directive for t in tasks}
            pending = list(needed)
            while pending:
                above = implements.get(pending.pop())
                if above is not None and above not in needed:
                    needed.add(above)
                    pending.append(above)
            directives = [d for d in directives if d.global_id in needed]
        yield document.model_copy(
            update={"tasks": tasks, "directives": directives}
            | {
                name: getattr(document, name).take(
                    [r for t in tasks for r in by_task.get(t.global_id, ())]
                )
                for name, by_task in rows.items()
            }
        )


# The history's columns of a document, by kind of row.
HISTORY = {"updates": "update", "extensions": "extension", "decisions": "decision"}


def without_refused(document: ExchangeDocument, refused: list[dict[str, Any]]) -> ExchangeDocument:
    """`document` less the tasks (their definitions and history) a refused row concerns,
    less the directives refused and their tasks."""
    task_of: dict[str, Any] = {}
    if any(i["kind"] in HISTORY.values() for i in refused):  # a row's id is its place's
        for name, kind in HISTORY.items():
            for row in getattr(document, name).records():
                task_of[str(history_id(row.task, kind, row.position))] = row.task  # type: ignore[arg-type]
    dropped_directives = {i["id"] for i in refused if i["kind"] == "directive"}
    dropped = {i["id"] if i["kind"] == "task" else str(task_of.get(i["id"])) for i in refused}
    keep = {
        t.global_id
        for t in document.tasks
        if str(t.global_id) not in dropped and str(t.directive) not in dropped_directives
    }
    out = document.of_tasks(keep)
    return out.model_copy(
        update={
            "directives": [
                d for d in document.directives if str(d.global_id) not in dropped_directives
            ]
        }
    )


# What a commit answers: whether it was committed, the rows counted by kind and action,
# the refused rows (each with its reason).
Answer = tuple[bool, dict[str, dict[str, int]], list[dict[str, Any]]]


def _answer(body: dict[str, Any]) -> Answer:
    """An import's answer read: the refused rows among its `items` (an older receiver
    lists every row there)."""
    refused = [i for i in body.get("items", []) if i.get("action") == "refuse"]
    return bool(body.get("committed")), body.get("counts") or {}, refused


def _send(
    document: ExchangeDocument,
    commit: Callable[[ExchangeDocument], Answer],
    report: Report,
) -> bool:
    """Commit `document`; when rows are refused, report them and commit the rest (at most
    a few rounds: a task whose parent was refused is refused in turn). Whether it was
    committed with nothing refused."""
    clean = True
    for _round in range(4):
        committed, counts, refused = commit(document)
        if committed:
            report.add(counts)
            return clean
        if not refused or any(i["kind"] == "document" for i in refused):
            report.refused += refused
            return False
        report.refused += refused
        clean = False
        document = without_refused(document, refused)
    return False


# --- pull and push ----------------------------------------------------------------------


def _state(remote: str, direction: str, unit: str) -> SyncState:
    state, _ = SyncState.objects.get_or_create(remote=remote, direction=direction, unit=unit)
    return state


def _done(state: SyncState, report: Report, started: date, error: str = "") -> None:
    state.last_attempt_at = timezone.now()
    state.last_error = error
    if report.complete:
        state.last_ok_at = state.last_attempt_at
        state.cursor = started
    state.save()
    report.cursor_after = state.cursor


def pull(*, remote: str, token: str, unit: str, directives: list[str]) -> Report:
    """Fetch the remote's document of `unit` (the `directives` named, or every one with a
    task there) and import it here."""
    base = remote_base(remote)
    report = Report(SyncDirection.PULL, base, unit)
    state = _state(base, SyncDirection.PULL, unit)
    report.cursor_before = state.cursor
    started = timezone.localdate()
    query = urllib.parse.urlencode([("unit", unit), *(("directive", d) for d in directives)])
    status, body = _request(f"{base}{API}/exchange/export?{query}", token)
    if status != 200:
        raise SyncError(f"pull from {base}: {_problem(status, body)}")
    try:
        document = read_document(body)
    except ExchangeError as exc:
        raise SyncError(f"pull from {base}: {exc}") from None
    report.batches = 1

    def commit(doc: ExchangeDocument) -> Answer:
        return _answer(exchange_import(document=doc, commit=True).as_dict())

    report.complete = _send(document, commit, report)
    # committed: all of it, or all but the refused tasks (nothing when the document was)
    report.acknowledged = 0 if any(i["kind"] == "document" for i in report.refused) else 1
    _done(state, report, started)
    return report


def push(*, remote: str, token: str, unit: Unit, batch_size: int = 500) -> Report:
    """Send this instance's history of `unit` since the watermark to the remote."""
    base = remote_base(remote)
    report = Report(SyncDirection.PUSH, base, unit.code)
    state = _state(base, SyncDirection.PUSH, unit.code)
    report.cursor_before = state.cursor
    started = timezone.localdate()
    ids = Task.objects.in_subtree(unit).values("directive_id")
    directives = list(Directive.objects.filter(pk__in=ids).order_by("pk"))
    document = exchange_document(unit=unit, directives=directives, since=state.cursor)
    url = f"{base}{API}/exchange/import?commit=true"
    crash_after = int(os.environ.get(CRASH_AFTER, "0") or 0)

    def commit(doc: ExchangeDocument) -> Answer:
        status, body = _request(url, token, data=doc.model_dump_json().encode())
        if status not in (200, 422):
            raise SyncError(f"push to {base}: {_problem(status, body)}")
        return _answer(json.loads(body))

    clean = True
    try:
        for batch in batches(document, batch_size):
            report.batches += 1
            clean &= _send(batch, commit, report)
            report.acknowledged += 1
            if crash_after and report.acknowledged == crash_after:
                os._exit(75)  # the test hook: a crash right after an acknowledged batch
    except SyncError as exc:
        _done(state, report, started, str(exc))
        raise
    report.complete = clean
    _done(state, report, started, "" if clean else f"{len(report.refused)} row(s) refused")
    return report
