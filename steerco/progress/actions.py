"""What a task's state allows next — the predicates the services, the pages and the
selectors share, over the task's cached columns (`Task` or `history_step.TaskCacheState`).

Permissions are a separate question (`steerco.directives.permissions.may`): `task_actions`
takes their answers and says which actions a task page offers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db.models import Q

COMPLETED = "completed"


class CompletionCache(Protocol):
    """The cached columns the completion predicates read (a `Task`, a `TaskCacheState`)."""

    @property
    def state(self) -> str: ...
    @property
    def counted_completed_on(self) -> date | None: ...
    @property
    def cancelled_on(self) -> date | None: ...


class TaskCache(CompletionCache, Protocol):
    @property
    def recurring(self) -> bool: ...


class ExtensionCache(Protocol):
    @property
    def pk(self) -> int: ...
    @property
    def status(self) -> str: ...


def awaiting_acceptance(task: CompletionCache) -> bool:
    """A completion that does not count yet: it counts once a manager of the task accepts
    it (the directive requires acceptance, or it was recorded long after the date it speaks
    for, `needs_acceptance`). Its SQL twin: `awaiting_acceptance_q`."""
    return (
        task.state == COMPLETED and task.counted_completed_on is None and task.cancelled_on is None
    )


def awaiting_acceptance_q(prefix: str = "") -> Q:
    """`awaiting_acceptance` as a filter on tasks (`prefix`: a path to them, e.g. "task__")."""
    return Q(
        **{
            f"{prefix}state": COMPLETED,
            f"{prefix}counted_completed_on__isnull": True,
            f"{prefix}cancelled_on__isnull": True,
        }
    )


def completion_returnable(task: CompletionCache) -> bool:
    """A completion a manager may send back (accepted or not): the task is completed and
    not cancelled."""
    return task.state == COMPLETED and task.cancelled_on is None


def reportable(task: CompletionCache) -> bool:
    """A task that takes reports: every task not cancelled."""
    return task.cancelled_on is None


def may_request_extension(task: TaskCache) -> bool:
    """A task whose deadline a unit may ask to move: it has one (not recurring), is not
    cancelled and not completed."""
    return not task.recurring and task.cancelled_on is None and task.state != COMPLETED


class DeadlineCache(TaskCache, Protocol):
    @property
    def due_on(self) -> date | None: ...


def extension_request_late(task: DeadlineCache, on: date) -> bool:
    """A request filed after the deadline in force: only a manager of the task records it,
    saying why it comes late (`services.extension_request`)."""
    return task.due_on is not None and on > task.due_on


def extension_approvable(task: CompletionCache) -> bool:
    """An extension may move the deadline of a task that is not completed: once a
    completion is on record, whether it came on time is settled (a returned completion
    reopens the task, and its requests with it). A request may still be rejected."""
    return task.state != COMPLETED and task.cancelled_on is None


def extension_undecided(extension: ExtensionCache) -> bool:
    """An extension request still waiting for the assigning unit's decision."""
    return extension.status == "requested"


@dataclass(frozen=True)
class TaskActions:
    """What a task page offers the user: each is the task's predicate and the user's role."""

    report: bool
    request_extension: bool
    accept: bool
    return_completion: bool
    awaiting_acceptance: bool  # a fact shown to everyone who sees the task
    decidable: frozenset[int] = frozenset()  # the extensions the user may decide (ids)
    approvable: bool = True  # a decision may approve (else only reject): not completed
    request_late: bool = False  # a request now comes after the deadline (manager, reason)

    @property
    def completion(self) -> bool:
        """Anything to do about the task's completion."""
        return self.accept or self.return_completion


def task_actions(
    task: DeadlineCache,
    extensions: Iterable[ExtensionCache] = (),
    *,
    may_report: bool,
    may_manage: bool,
    today: date | None = None,
) -> TaskActions:
    """The actions on `task` (and on its `extensions`) for a user who may, or may not,
    report on it and manage it (`directives.permissions.may`), on `today` (after the
    deadline only a manager records an extension request)."""
    late = today is not None and extension_request_late(task, today)
    return TaskActions(
        report=may_report and reportable(task),
        request_extension=(may_manage if late else may_report) and may_request_extension(task),
        accept=may_manage and awaiting_acceptance(task),
        return_completion=may_manage and completion_returnable(task),
        awaiting_acceptance=awaiting_acceptance(task),
        decidable=frozenset(e.pk for e in extensions if may_manage and extension_undecided(e)),
        approvable=extension_approvable(task),
        request_late=late,
    )
