"""The facts `steerco remind` needs as of a day, read from the database as plain data
(`plan.TaskFacts`, `plan.Waiting`, `plan.Person`), and the inbox's reads.

Classification is the progress app's (`classify_tasks`: overdue as of D means what every
page means); acceptance is its `awaiting_acceptance`; who may be told is
`directives.permissions.may` on the memberships of the unit concerned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from steerco.directives.models import Task
from steerco.directives.permissions import Action, may
from steerco.lib.compiled import run_compiled
from steerco.progress.actions import awaiting_acceptance
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import Extension, ProgressUpdate, UpdateKind
from steerco.units.models import Membership, Role, Unit

from . import plan
from .models import Notice, NoticePreference

REPORTING_ROLES = (Role.REPORTER, Role.MANAGER, Role.ADMIN)
MANAGING_ROLES = (Role.MANAGER, Role.ADMIN)


def _label(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "reference": row["reference"],
        "symbol": row["directive__symbol"],
        "content": row["content"][:300],
        "lead_unit": row["lead_unit__name"],
    }


LABEL_FIELDS = ("reference", "directive__symbol", "content", "lead_unit__name")


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def task_facts(
    as_of: date, *, days_before: Sequence[int], catch_up: int, cutoff_day: int
) -> list[plan.TaskFacts]:
    """The tasks the calendar may have a notice about on `as_of`, classified as of it: a
    deadline in force within the reminders' reach (or changed since `as_of`, when the
    cache cannot tell), recurring tasks, and tasks assigned within `catch_up` days."""
    ahead = as_of + timedelta(days=max(days_before, default=0))
    behind = as_of - timedelta(days=catch_up + 1)
    calendar = (
        Q(recurring=False, due_on__gte=behind, due_on__lte=ahead)
        | Q(recurring=False, due_changed_on__gt=as_of)
        | Q(recurring=True)
        | Q(assigned_on__gte=as_of - timedelta(days=catch_up), assigned_on__lte=as_of)
    )
    candidates = Task.objects.filter(calendar).filter(
        Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=as_of)
    )
    # Recurring tasks: was a report recorded within the period of their cadence?
    rows = classify_tasks(candidates, as_of).values(
        "id",
        "lead_unit_id",
        "assigned_by_id",
        "assigned_on",
        "c_due",
        "task_class",
        "recurring",
        "cadence",
        *LABEL_FIELDS,
    )
    facts = []
    recurring_windows: dict[int, tuple[date, date]] = {}
    for row in rows.iterator(chunk_size=2000):
        due = row["c_due"]
        if not row["recurring"] and not (
            (due is not None and behind <= due <= ahead)
            or (as_of - timedelta(days=catch_up) <= row["assigned_on"])
        ):
            continue
        if row["recurring"]:
            recurring_windows[row["id"]] = plan.period_window(row["cadence"], as_of, cutoff_day)
        facts.append(
            plan.TaskFacts(
                id=row["id"],
                lead_unit_id=row["lead_unit_id"],
                assigned_by_id=row["assigned_by_id"],
                assigned_on=row["assigned_on"],
                due_on=due,
                task_class=row["task_class"],
                recurring=row["recurring"],
                cadence=row["cadence"],
                label=_label(row),
            )
        )
    reported = _reported_within(recurring_windows, as_of)
    return [
        plan.TaskFacts(**{**f.__dict__, "reported_in_period": f.id in reported})
        if f.recurring
        else f
        for f in facts
    ]


def _reported_within(windows: dict[int, tuple[date, date]], as_of: date) -> set[int]:
    """The tasks with a report recorded from the start of their window up to `as_of`."""
    by_start: dict[date, list[int]] = defaultdict(list)
    for task_id, (starts, _cutoff) in windows.items():
        by_start[starts].append(task_id)
    until = _local_midnight(as_of + timedelta(days=1))
    found: set[int] = set()
    for starts, ids in by_start.items():
        for chunk in _chunks(ids, 900):
            found.update(
                ProgressUpdate.objects.filter(
                    task_id__in=chunk,
                    kind=UpdateKind.REPORT,
                    recorded_at__gte=_local_midnight(starts),
                    recorded_at__lt=until,
                )
                .values_list("task_id", flat=True)
                .distinct()
            )
    return found


@dataclass(frozen=True)
class _RowState:
    """A history row read as the cached columns `awaiting_acceptance` asks about."""

    state: str
    counted_completed_on: date | None
    cancelled_on: date | None


def waiting(as_of: date) -> list[plan.Waiting]:
    """Completions awaiting acceptance and extension requests awaiting a decision, as of
    `as_of`."""
    out = []
    # A task's cache is its state as of `as_of` unless it has rows after it.
    latest = (
        ProgressUpdate.objects.filter(task=OuterRef("pk"), reported_on__lte=as_of)
        .order_by("-reported_on", "-id")
        .values("id")[:1]
    )
    tasks = (
        Task.objects.filter(assigned_on__lte=as_of)
        .filter(
            Q(state="completed", counted_completed_on__isnull=True, last_reported_on__lte=as_of)
            | Q(last_reported_on__gt=as_of)
        )
        .annotate(row_id=Subquery(latest))
        .filter(row_id__isnull=False)
        .values("id", "assigned_by_id", "cancelled_on", "row_id", *LABEL_FIELDS)
    )
    rows = list(tasks)
    history = {
        r["id"]: r
        for r in ProgressUpdate.objects.filter(pk__in=[t["row_id"] for t in rows]).values(
            "id", "state", "counted_completed_on", "completed_on", "reported_on"
        )
    }
    for t in rows:
        row = history[t["row_id"]]
        cancelled = t["cancelled_on"] if t["cancelled_on"] and t["cancelled_on"] <= as_of else None
        if awaiting_acceptance(_RowState(row["state"], row["counted_completed_on"], cancelled)):
            out.append(
                plan.Waiting(
                    plan.AWAITING_ACCEPTANCE,
                    row["completed_on"] or row["reported_on"],
                    t["id"],
                    t["assigned_by_id"],
                    update_id=row["id"],
                    label=_label(t),
                )
            )
    requests = (
        Extension.objects.filter(requested_on__lte=as_of)
        .filter(Q(decision__isnull=True) | Q(decision__decided_on__gt=as_of))
        .filter(Q(task__cancelled_on__isnull=True) | Q(task__cancelled_on__gt=as_of))
        .values(
            "id",
            "requested_on",
            "new_due_on",
            "task_id",
            "task__assigned_by_id",
            *[f"task__{f}" for f in LABEL_FIELDS],
        )
    )
    for e in requests:
        out.append(
            plan.Waiting(
                plan.EXTENSION_PENDING,
                e["requested_on"],
                e["task_id"],
                e["task__assigned_by_id"],
                extension_id=e["id"],
                label={
                    **_label({f: e[f"task__{f}"] for f in LABEL_FIELDS}),
                    "new_due_on": e["new_due_on"].isoformat(),
                },
            )
        )
    return out


def _chunks(items: Sequence[int], n: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


# --- people ---------------------------------------------------------------------------


def _person(user: Any, pref: NoticePreference | None) -> plan.Person:
    if pref is None:
        return plan.Person(id=user.pk, email=user.email or "", language=settings.LANGUAGE_CODE)
    return plan.Person(
        id=user.pk,
        muted=frozenset(pref.muted or ()),
        email=user.email or "",
        by_email=pref.email,
        digest_weekday=pref.digest_weekday,
        language=pref.language,
    )


def audiences(
    keys: Iterable[tuple[int, str]],
) -> dict[tuple[int, str], list[plan.Person]]:
    """For each (unit id, REPORTERS or MANAGERS): the active users holding a role on that
    unit itself whom the permission rules let report for it (REPORTERS) or manage it
    (MANAGERS) — `may(user, action, unit)`; never a deactivated account."""
    keys = set(keys)
    unit_ids = sorted({unit_id for unit_id, _ in keys})
    users: dict[int, Any] = {}
    held: list[tuple[int, int]] = []  # (unit id, user id)
    units: dict[int, Unit] = {}
    for chunk in _chunks(unit_ids, 900):
        memberships = (
            Membership.objects.filter(unit_id__in=chunk, role__in=REPORTING_ROLES)
            .filter(user__is_active=True)
            .select_related("user", "unit")
            .order_by("unit_id", "user_id", "id")
        )
        for m in memberships:
            user = users.setdefault(m.user_id, m.user)  # one object per user: grants cached
            units[m.unit_id] = m.unit
            held.append((m.unit_id, user.pk))
    prefs = _preferences(users)
    out: dict[tuple[int, str], list[plan.Person]] = defaultdict(list)
    seen: set[tuple[int, str, int]] = set()
    for unit_id, user_id in held:
        user = users[user_id]
        for audience, action in ((plan.REPORTERS, Action.REPORT), (plan.MANAGERS, Action.MANAGE)):
            if (unit_id, audience) not in keys or (unit_id, audience, user_id) in seen:
                continue
            if may(user, action, units[unit_id]):
                seen.add((unit_id, audience, user_id))
                out[(unit_id, audience)].append(_person(user, prefs.get(user_id)))
    return dict(out)


def _preferences(users: dict[int, Any]) -> dict[int, NoticePreference]:
    found: dict[int, NoticePreference] = {}
    ids = sorted(users)
    for chunk in _chunks(ids, 900):
        found.update({p.user_id: p for p in NoticePreference.objects.filter(user_id__in=chunk)})
    return found


@dataclass(frozen=True)
class DigestReader:
    person: plan.Person
    units: tuple[Unit, ...]  # the highest units the user manages
    user: Any


def reads_digest(user: Any) -> bool:
    """Whether the user is sent the weekly digest: one of `digest_readers` (a manager or
    administrator somewhere, or a superuser)."""
    if getattr(user, "is_superuser", False):
        return True
    return Membership.objects.filter(user=user, role__in=MANAGING_ROLES).exists()


def digest_readers() -> list[DigestReader]:
    """Everyone who manages somewhere (an active manager or administrator of a unit, or a
    superuser, whose units are the roots), with the highest units they manage."""
    user_model = get_user_model()
    users: dict[int, Any] = {}
    units: dict[int, list[Unit]] = defaultdict(list)
    for m in (
        Membership.objects.filter(role__in=MANAGING_ROLES, user__is_active=True)
        .select_related("user", "unit")
        .order_by("user_id", "unit__path", "id")
    ):
        users.setdefault(m.user_id, m.user)
        units[m.user_id].append(m.unit)
    roots = list(Unit.objects.filter(parent__isnull=True).order_by("path"))
    for user in user_model.objects.filter(is_superuser=True, is_active=True).order_by("pk"):
        users[user.pk] = user
        units[user.pk] = list(roots)
    prefs = _preferences(users)
    out = []
    for user_id, user in sorted(users.items()):
        top: list[Unit] = []
        for unit in sorted(units[user_id], key=lambda u: u.path):
            if not any(t.contains(unit) for t in top) and may(user, Action.MANAGE, unit):
                top.append(unit)
        if top:
            out.append(DigestReader(_person(user, prefs.get(user_id)), tuple(top), user))
    return out


def existing_keys(
    kinds: Iterable[str], occasions: Iterable[date]
) -> set[tuple[str, str, date, int | None, int]]:
    """The keys (kind, subject, occasion, recipient, unit) already recorded for these kinds
    and occasion days."""
    occasions = sorted(set(occasions))
    if not occasions:
        return set()
    return {
        (k, s, o, r, u)
        for k, s, o, r, u in Notice.objects.filter(
            kind__in=list(kinds), occasion_on__gte=occasions[0], occasion_on__lte=occasions[-1]
        ).values_list("kind", "subject", "occasion_on", "recipient_id", "unit_id")
    }


# --- the inbox ------------------------------------------------------------------------


def unread_count(user: Any) -> int:
    """One COUNT on the partial index `notice_unread`: the unread notices that still ask for
    something (a settled alert does not count; models.open_q)."""
    # Compiled once (the navigation asks it on every page).
    rows = run_compiled(
        "unread notices",
        lambda user_id, today: (
            Notice.objects.unread_open_for(user_id, today)
            .order_by()
            .values("recipient_id")
            .annotate(n=Count("pk"))
            .values_list("n")
        ),
        {"user_id": user.pk, "today": timezone.localdate()},
    )
    return int(rows[0][0]) if rows else 0


def inbox(user: Any, *, unread_only: bool = False) -> QuerySet[Notice]:
    """The user's notices, newest first, each marked `settled` or not; `unread_only`: those
    the unread count counts."""
    qs = Notice.objects.filter(recipient=user).select_related("task", "task__directive")
    if unread_only:
        qs = Notice.objects.unread_open_for(user).select_related("task", "task__directive")
    return qs.with_settled().order_by("-occasion_on", "-id")
