"""Write the demo dataset (`dataset.build_plan`) and the demo accounts to the database.

Directives go through `directive_create`; tasks, history rows and extensions are bulk
inserts carrying exactly what the services would have written (`history.replay` runs the
services' history rule, `steerco.progress.history_step`; the rows go through
`steerco.lib.bulk`, keyed by `HISTORY_ROW_FIELDS`), so that loading takes seconds, not
minutes; the officials, the tasks' responsibility rows (`people.py`) and the programmes'
budgets (`budget.py`) likewise. Accounts are granted with
`membership_grant`. Loading is refused when the demo is already there; `reload_demo`
(`steerco demo load --reset`) recreates the database instead — a new SQLite file, or the
PostgreSQL schema dropped and created — and migrates and loads the units and the demo
again: the history is append-only, its rows are never deleted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from steerco.directives.models import Directive, Task
from steerco.directives.services import directive_create
from steerco.lib import bulk
from steerco.notices.models import NoticeKind
from steerco.notices.services import preference_set
from steerco.progress.models import (
    HISTORY_ROW_FIELDS,
    Extension,
    ExtensionDecision,
    ExtensionStatus,
    ProgressUpdate,
)
from steerco.progress.services import late_request_reason
from steerco.scoring import summaries
from steerco.units.models import Role, Unit
from steerco.units.services import membership_grant

from . import people, texts
from .budget import write_budgets
from .dataset import (
    CAO_BANG,
    NOTICE,
    TUYEN_QUANG,
    Plan,
    TaskSpec,
    UnitIndex,
    UnitInfo,
    build_plan,
    directives,
)
from .history import Replay, due_in_force, replay
from .meetings import COMMITTEE as MEETINGS_COMMITTEE
from .meetings import NOTICE_SYMBOL as MEETINGS_NOTICE
from .meetings import load_meetings

PASSWORD = "demo"  # noqa: S105 - the published password of the demo accounts
LAM_BINH = "Xã Lâm Bình"
PROGRAMME_SYMBOL = re.compile(r"^\d+-CTr/TU \(.+\)$")


class DemoError(Exception):
    """The demo cannot be loaded; the message says why."""


@dataclass(frozen=True)
class Account:
    username: str
    unit_code: str | None  # None: the superuser
    role: str


@dataclass
class LoadSummary:
    directives: int
    tasks: int
    updates: int
    extensions: int
    accounts: list[Account]


def demo_loaded() -> bool:
    return Directive.objects.filter(symbol=NOTICE).exists()


def unit_index() -> UnitIndex:
    rows = Unit.objects.values_list("code", "name", "kind", "parent__code")
    return UnitIndex(
        {code: UnitInfo(code, name, kind, parent) for code, name, kind, parent in rows}
    )


def lam_binh_code() -> str:
    unit = Unit.objects.filter(parent__code=TUYEN_QUANG, name=LAM_BINH).first()
    if unit is None:
        raise DemoError(
            f"{LAM_BINH} is not under Tuyên Quang ({TUYEN_QUANG}); run `steerco units load` first"
        )
    return unit.code


def accounts() -> list[Account]:
    return [
        Account("admin", None, "superuser"),
        Account("central", "TW", Role.VIEWER),
        Account("tq-manager", TUYEN_QUANG, Role.MANAGER),
        Account("tq-skhcn", f"{TUYEN_QUANG}-SKHCN", Role.REPORTER),
        Account("tq-lambinh", lam_binh_code(), Role.REPORTER),
        Account("cb-manager", CAO_BANG, Role.MANAGER),
    ]


def _check_units() -> None:
    needed = {"TW", "TW-BCT", "TW-BCD", "CP", TUYEN_QUANG, CAO_BANG, f"{TUYEN_QUANG}-SKHCN"}
    missing = needed - set(Unit.objects.filter(code__in=needed).values_list("code", flat=True))
    if missing or Unit.objects.filter(kind="province").count() != 34:
        raise DemoError("the Vietnamese unit tree is not loaded; run `steerco units load` first")
    taken = list(
        Directive.objects.filter(symbol__in=[d.symbol for d in directives()]).values_list(
            "symbol", flat=True
        )
    )
    if taken:
        raise DemoError(
            f"directives {', '.join(taken)} exist outside the demo; use a fresh database"
        )


def _create_accounts(wanted: list[Account]) -> dict[str, Any]:
    user_model = get_user_model()
    users = {}
    hashed = make_password(PASSWORD)  # one hash for every demo account: hashing is the slow part
    for account in wanted:
        user = user_model.objects.filter(username=account.username).first()
        if user is None:
            superuser = account.unit_code is None
            user = user_model(username=account.username, is_staff=superuser, is_superuser=superuser)
            user.password = hashed
            user.save()
        if account.unit_code is not None:
            membership_grant(
                user=user, unit=Unit.objects.get(code=account.unit_code), role=account.role
            )
        users[account.username] = user
    return users


@transaction.atomic
def load_demo(*, today: date) -> LoadSummary:
    """Build the demo as of `today` and write it. Raises DemoError if it cannot."""
    _check_units()
    wanted = accounts()
    plan = build_plan(unit_index(), today)
    users = _create_accounts(wanted)
    n_updates, n_extensions = _write(
        plan, {a.unit_code: users[a.username] for a in wanted if a.unit_code}, users, today
    )
    # Tuyên Quang's committee meetings, through the meetings' services (demo/meetings.py).
    load_meetings(manager=users["tq-manager"], reporter=users["tq-skhcn"], today=today)
    people.assign_the_rest()  # the committee notice's tasks, written through the services
    summaries.rebuild(timezone.localdate())  # today's counts, as the daily step leaves them
    return LoadSummary(len(plan.directives), len(plan.tasks), n_updates, n_extensions, wanted)


def _write(
    plan: Plan, user_at: dict[str, Any], users: dict[str, Any], today: date
) -> tuple[int, int]:
    unit_ids = dict(Unit.objects.values_list("code", "id"))
    made = _create_directives(plan)
    official_ids = people.write_officials(plan.officials, users, unit_ids)
    tasks, replays = _create_tasks(plan, made, unit_ids, official_ids)
    _link_coordinators(plan, tasks, unit_ids)
    people.write_responsibilities(
        [
            row
            for spec in plan.tasks
            for row in people.responsibility_rows(spec, tasks[spec.key].pk, official_ids)
        ]
    )
    write_budgets(plan, {key: task.pk for key, task in tasks.items()}, today)
    updates: list[dict[str, Any]] = []
    extensions: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    next_extension = bulk.next_id(Extension)
    recorders = _LateRecorders(user_at)
    for spec in plan.tasks:
        task = tasks[spec.key]
        reporter = user_at.get(spec.lead)
        assigner = (
            user_at.get(spec.assigned_by) if spec.assigned_by in (TUYEN_QUANG, CAO_BANG) else None
        )
        updates += _history_rows(spec, task, replays[spec.key], reporter, assigner, unit_ids)
        requests, decided = _extensions(
            spec, task, reporter, assigner, next_extension, recorders.manager_of
        )
        next_extension += len(requests)
        extensions += requests
        decisions += decided
    bulk.insert(ProgressUpdate, HISTORY_ROW_FIELDS, updates)
    bulk.insert(Extension, EXTENSION_FIELDS, extensions)
    bulk.insert(ExtensionDecision, DECISION_FIELDS, decisions)
    bulk.reset_sequences([Extension])
    return len(updates), len(extensions)


EXTENSION_FIELDS = (
    "id",
    "task",
    "requested_on",
    "requested_by",
    "previous_due_on",
    "new_due_on",
    "reason",
)
DECISION_FIELDS = ("extension", "task", "status", "decided_on", "decided_by", "note", "recorded_at")


def _create_directives(plan: Plan) -> dict[str, Directive]:
    """The plan's directives through the service, each after the one it implements; by symbol."""
    made: dict[str, Directive] = {}
    for d in plan.directives:
        made[d.symbol] = directive_create(
            symbol=d.symbol,
            kind=d.kind,
            issuer=Unit.objects.get(code=d.issuer),
            issued_on=d.issued_on,
            title=d.title,
            implements=made[d.implements] if d.implements else None,
            requires_acceptance=d.requires_acceptance,
        )
    return made


def _create_tasks(
    plan: Plan, made: dict[str, Directive], unit_ids: dict[str, int], official_ids: dict[str, int]
) -> tuple[dict[str, Task], dict[str, Replay]]:
    """The plan's tasks with the cache their replayed history leaves (and their
    responsibility history: the official and deputy in force), written parents first so
    that sub-tasks can point at them; the tasks and the replays by key."""
    tasks: dict[str, Task] = {}
    replays = {}
    for spec in plan.tasks:
        s = spec.schedule
        r = replays[spec.key] = replay(s)
        term = spec.terms[-1]
        task = Task(
            directive=made[spec.directive],
            reference=spec.reference,
            content=spec.content,
            lead_unit_id=unit_ids[spec.lead],
            external_partners=spec.partners,
            assigned_by_id=unit_ids[spec.assigned_by],
            responsible_person=spec.person,
            responsible_id=official_ids[term.official] if term.official else None,
            deputy_id=official_ids[term.deputy] if term.deputy else None,
            deadline_text=spec.deadline_text,
            original_due_on=spec.original_due_on,
            recurring=s.recurring,
            cadence=s.cadence,
            expected_product=spec.product,
            field=spec.field,
            parent=tasks[spec.parent] if spec.parent else None,
            assigned_on=spec.assigned_on,
            **r.cache.values(),
        )
        task.five_clear = task.is_five_clear
        task.search_text = task.searchable  # bulk_create skips save()
        tasks[spec.key] = task
    Task.objects.bulk_create([t for t in tasks.values() if t.parent is None], batch_size=1000)
    Task.objects.bulk_create([t for t in tasks.values() if t.parent is not None], batch_size=1000)
    return tasks, replays


def _link_coordinators(plan: Plan, tasks: dict[str, Task], unit_ids: dict[str, int]) -> None:
    through = Task.coordinating_units.through
    links = [
        through(task_id=tasks[spec.key].pk, unit_id=unit_ids[code])
        for spec in plan.tasks
        for code in spec.coordinating
        if code in unit_ids
    ]
    through.objects.bulk_create(links, batch_size=2000)


def _history_rows(
    spec: TaskSpec,
    task: Task,
    replayed: Replay,
    reporter: Any,
    assigner: Any,
    unit_ids: dict[str, int],
) -> list[dict[str, Any]]:
    """The task's progress rows as the services would write them, each by the lead's
    account or, for the assigner's events, the assigner's (where the demo has one)."""
    rows = []
    for e, values in replayed.rows:
        author = assigner if e.by_assigner else reporter
        rows.append(
            {
                "task": task.pk,
                **values.values(),
                "done": e.done,
                "obstacles": e.obstacles,
                "proposals": e.proposals,
                "product_symbol": e.product_symbol,
                "product_date": e.product_date,
                "links": "",
                "note": e.note,
                "unit": unit_ids[spec.assigned_by] if e.by_assigner else task.lead_unit_id,
                "author": author.pk if author else None,
                "idempotency_key": None,
            }
        )
    return rows


class _LateRecorders:
    """Who records a request filed after the deadline: a manager of the task's assigning
    unit, as `progress.services.extension_request` requires — the demo's managers in Tuyên
    Quang and Cao Bằng, elsewhere the office of the province or central body the assigning
    unit belongs to (`office-<code>`, a manager there whose account has no password: it
    records, it never signs in, and is told nothing). Created on first use."""

    def __init__(self, user_at: dict[str, Any]) -> None:
        self.user_at = user_at
        self.by_unit: dict[str, Any] = {}

    def manager_of(self, unit_code: str) -> Any:
        if unit_code not in self.by_unit:
            unit = Unit.objects.get(code=unit_code)
            top = unit if unit.depth <= 2 else unit.ancestors().get(depth=2)
            user = self.user_at.get(top.code) if top.code in (TUYEN_QUANG, CAO_BANG) else None
            if user is None:
                user, created = get_user_model().objects.get_or_create(
                    username=f"office-{top.code}",
                    defaults={"first_name": "Văn phòng", "last_name": top.name},
                )
                if created:
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                    # Nobody reads its inbox: told nothing (the reminders skip muted kinds).
                    preference_set(
                        user=user,
                        muted=NoticeKind.values,
                        email=False,
                        digest_weekday=0,
                        language="vi",
                    )
                membership_grant(user=user, unit=top, role=Role.MANAGER)
            self.by_unit[unit_code] = user
        return self.by_unit[unit_code]


def _extensions(
    spec: TaskSpec,
    task: Task,
    reporter: Any,
    assigner: Any,
    next_id: int,
    manager_of: Callable[[str], Any],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The task's extension requests (requested by the lead; one filed after the deadline
    in force recorded by a manager of the assigning unit, saying why it comes late) and
    their decisions (by the assigner), as bulk rows; the requests numbered from `next_id`."""
    requests, decisions = [], []
    for i, x in enumerate(spec.schedule.extensions, start=next_id):
        in_force = due_in_force(spec.schedule, x.requested_on - timedelta(days=1))
        requester, reason = reporter, x.reason
        if in_force is not None and x.requested_on > in_force:  # extension_request_late
            requester = manager_of(spec.assigned_by)
            late = texts.LATE_REQUEST_REASONS[x.requested_on.toordinal() % 3]
            reason = late_request_reason(x.reason, late)
        requests.append(
            {
                "id": i,
                "task": task.pk,
                "requested_on": x.requested_on,
                "requested_by": requester.pk if requester else None,
                "previous_due_on": in_force,
                "new_due_on": x.new_due_on,
                "reason": reason,
            }
        )
        if x.decided_on is not None:
            decisions.append(
                {
                    "extension": i,
                    "task": task.pk,
                    "status": ExtensionStatus.APPROVED if x.approved else ExtensionStatus.REJECTED,
                    "decided_on": x.decided_on,
                    "decided_by": assigner.pk if assigner else None,
                    "note": x.note,
                    "recorded_at": _decision_recorded_at(x.decided_on),
                }
            )
    return requests, decisions


def _decision_recorded_at(day: date) -> datetime:
    """A demo decision is recorded at 16:00 on the day it is decided."""
    return datetime.combine(day, time(16), tzinfo=timezone.get_current_timezone())


def demo_directives() -> QuerySet[Directive]:
    fixed = [d.symbol for d in directives()]
    programmes = [
        pk
        for pk, symbol in Directive.objects.filter(kind="programme").values_list("pk", "symbol")
        if PROGRAMME_SYMBOL.match(symbol)
    ]
    return Directive.objects.filter(symbol__in=fixed) | Directive.objects.filter(pk__in=programmes)


def _foreign_directives() -> int:
    """How many directives the database holds that are not the demo's."""
    return (
        Directive.objects.exclude(pk__in=demo_directives().values("pk"))
        .exclude(symbol=MEETINGS_NOTICE, issuer__code=MEETINGS_COMMITTEE)  # demo/meetings.py
        .count()
    )


def recreate_database() -> None:
    """A new, empty database in place of the configured one (SQLite: a new file;
    PostgreSQL: the current schema dropped and created again), then every migration.
    The history is append-only, so the demo is never deleted row by row."""
    conn = connection
    if conn.vendor == "sqlite":
        name = str(conn.settings_dict["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            raise DemoError(f"The SQLite database {name} is not a file; it cannot be recreated.")
        conn.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
    elif conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = conn.ops.quote_name(cursor.fetchone()[0])
            cursor.execute(f"DROP SCHEMA {schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {schema}")
        conn.close()
    else:
        raise DemoError(f"The demo's database cannot be recreated on {conn.vendor}.")
    call_command("migrate", interactive=False, verbosity=0)


def reload_demo(*, today: date) -> tuple[int, LoadSummary]:
    """Recreate the database, then load the units and the demo again. Refused when the
    database holds directives of its own (not the demo's): a reset would lose them.
    Returns (the tasks the old database held, what was loaded)."""
    if not transaction.get_autocommit():
        raise DemoError("The demo's database cannot be recreated inside a transaction.")
    migrated = Task._meta.db_table in connection.introspection.table_names()
    foreign = _foreign_directives() if migrated else 0  # a new, empty database: none
    if foreign:
        raise DemoError(
            f"The database holds {foreign} directives that are not the demo's; --reset "
            "recreates the whole database and would lose them. Back it up and use a new one."
        )
    before = Task.objects.count() if migrated else 0
    recreate_database()
    call_command("units", "load", stdout=StringIO())
    return before, load_demo(today=today)


def database_size() -> int | None:
    """The size of the database in bytes, where the backend can tell."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            return pages * cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    return None
