"""The generation of the counted data: one number in Django's cache that every write to a
table the figures are counted from moves, so that a figure cached under a generation is
never read after a write that could change it (steerco/scoring/cache.py).

The writes are found where none can be forgotten: a database execute wrapper (`install`,
from `steerco.ops`' AppConfig.ready, on every connection) looks at each statement that is
not a SELECT and, when it inserts into, updates, deletes from, truncates or copies into a
table of the apps the figures read (units, directives, progress, budget, scoring), moves the
generation — whatever wrote it: a service, a bulk loader, raw SQL, the admin, a
migration. (psycopg's COPY, which passes Django's cursor by, is reported by `lib.bulk`.)

When: after the transaction commits (`on_commit`), because a reader that took the
generation before the commit may have cached what it read without the write under it;
after the commit every reader takes a generation no figure of the old data was stored
under. Inside the writing transaction, the generation is also moved before the first read
of it that follows a write (`current`), so that a read later in the same transaction, or a
test inside one, does not meet its own stale figure. In autocommit the statement is its
own commit: it moves at once. (Moving at every statement cost a report three cache round
trips where one does.)

A generation missing from the cache (evicted, the cache restarted) comes back as a new
number from the clock, never as one a figure may already be stored under.

The generation is one for the whole country: a write in a commune invalidates every
figure, including the ones of other provinces. The national ranking, the figure most
read on a meeting day, depends on every task anyway; see docs/PERFORMANCE.md.

A second number, the generation of what pages show (`SHOWN`), is moved the same way by a
write to any other table but the sessions' and the sign-in attempts' (written on every
request or sign-in, shown on no page): the budget, the indicators, the audit trail, the
accounts and their preferences... The figures' cache does not read it; the pages'
ETags (steerco/web/conditional.py) read both, so that a 304 never keeps a page whose
money, indicators or history changed.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

KEY = "steerco:generation"
SHOWN = "steerco:generation:shown"

# The apps whose tables the figures are counted from (their tables' names start so): the
# budget's too, whose sums stand beside the counts (the ranking's disbursement column).
COUNTED_APPS = ("units", "directives", "progress", "budget", "scoring")

_COUNTED_PREFIXES = tuple(f"{app}_" for app in COUNTED_APPS)

_ANY_COUNTED = re.compile(r"[\s,\"`(](?:" + "|".join(COUNTED_APPS) + r")_", re.IGNORECASE)

# Tables of figures derived from the counted ones (scoring's summaries of today's counts):
# folding or rebuilding them changes no figure, so it moves no generation.
DERIVED = (
    "scoring_classsummary",
    "scoring_countedtask",
    "scoring_pendingtask",
    "scoring_pendingseen",
    "scoring_summaryday",
    "scoring_unitsummary",
)


# The tables written while answering any request or sign-in, which no page shows: a write
# to them moves neither generation (else no page could ever answer 304).
NOT_SHOWN = ("django_session", "axes_", *DERIVED)

# (An upsert's `ON CONFLICT ... DO UPDATE SET` names no table after UPDATE.)
_WRITTEN = re.compile(
    r"\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|(?<!DO\s)UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|COPY)"
    r"\s+(?:ONLY\s+)?[\"`]?(\w+)",
    re.IGNORECASE,
)


def writes_counted(sql: str) -> bool:
    """True for a statement that writes a table the figures are counted from."""
    head = sql.lstrip()[:6].upper()
    if head == "SELECT":
        return False
    if head == "TRUNCA":  # one statement may name many tables (Django's flush)
        return _ANY_COUNTED.search(sql) is not None
    return any(
        table.lower().startswith(_COUNTED_PREFIXES) and table.lower() not in DERIVED
        for table in _WRITTEN.findall(sql)
    )


def writes_shown(sql: str) -> bool:
    """True for a statement that writes a table some page shows (counted or not)."""
    head = sql.lstrip()[:6].upper()
    if head == "SELECT":
        return False
    if head == "TRUNCA":  # Django's flush: every table
        return True
    return any(not table.lower().startswith(NOT_SHOWN) for table in _WRITTEN.findall(sql))


def _fresh() -> int:
    return time.time_ns()


def current(key: str = KEY) -> int:
    """The generation now (a new one from the clock if the cache has none); `key=SHOWN`
    for the generation of what pages show beside the figures. Inside a transaction that
    wrote, the generation is first moved for that write (`seen`)."""
    _move_unmoved(key)
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh(), timeout=None)
        value = cache.get(key)
    return int(value) if value is not None else _fresh()


def bump(*keys: str) -> None:
    """Move the generation (or the ones named). A cache that fails is logged, never fails
    the write: the figures' own timeout (STEERCO_FIGURES_CACHE_SECONDS) bounds what it may
    leave."""
    for key in keys or (KEY,):
        try:
            _move(key)
        except Exception:
            logger.exception("could not move the generation %s", key)


def _move(key: str) -> None:
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        # One round trip: a fresh number if missing (never one a figure is stored
        # under), then the move. Django's incr() is two: EXISTS, then INCR.
        stored = backend.make_and_validate_key(key)
        pipe = backend._cache.get_client(stored, write=True).pipeline(transaction=False)
        pipe.set(stored, _fresh(), nx=True)
        pipe.incr(stored)
        pipe.execute()
        return
    try:
        backend.incr(key)
    except ValueError:  # missing: a number no figure is stored under
        backend.add(key, _fresh(), timeout=None)


def _after_commit() -> None:
    _committed(KEY)
    bump()


def _after_commit_shown() -> None:
    _committed(SHOWN)
    bump(SHOWN)


def _committed(key: str) -> None:
    for connection in connections.all(initialized_only=True):
        unmoved = connection.__dict__.get(_UNMOVED)
        if unmoved and not connection.in_atomic_block:
            unmoved.discard(key)


# The generations a connection's open transaction wrote under and has not moved yet.
_UNMOVED = "_steerco_unmoved_generations"


def seen(sql: str, connection: BaseDatabaseWrapper) -> None:
    """After `sql` ran on `connection`: move the generation if it wrote a counted table
    (else the pages' one if it wrote another table a page shows), at once in autocommit,
    else at its transaction's commit — and before any read of that generation inside
    the transaction (`current`), which must not meet a figure cached without the write.
    A report's three writes (the row, the task's cache, the summaries' mark) thus cost
    one move at the commit, not one per statement: a cache round trip each. The execute
    wrapper calls it for every statement; a writer that passes Django's cursor by
    (psycopg's COPY in `lib.bulk`) calls it itself."""
    if writes_counted(sql):
        key, after = KEY, _after_commit
    elif writes_shown(sql):
        key, after = SHOWN, _after_commit_shown
    else:
        return
    if not connection.in_atomic_block:
        bump(key)
        return
    # Kept on the connection itself (a caller may hand `django.db.connection`, a proxy).
    wrapper = connections[connection.alias]
    unmoved = wrapper.__dict__.setdefault(_UNMOVED, set())
    unmoved.add(key)
    if not any(entry[1] is after for entry in connection.run_on_commit):
        transaction.on_commit(after, using=connection.alias, robust=True)


def _move_unmoved(key: str) -> None:
    """Move `key` for the writes of this thread's open transactions not yet moved for."""
    for connection in connections.all(initialized_only=True):
        unmoved = connection.__dict__.get(_UNMOVED)
        if unmoved and key in unmoved:
            unmoved.discard(key)
            if connection.in_atomic_block:
                bump(key)


def _barrier(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    seen(sql, context["connection"])
    return result


def watch(connection: BaseDatabaseWrapper) -> None:
    """Put the barrier on a connection (once)."""
    if _barrier not in connection.execute_wrappers:
        connection.execute_wrappers.append(_barrier)


def _on_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    watch(connection)


def _on_setting(sender: Any, setting: str, **kwargs: Any) -> None:
    # A test's override of a rule (the cut-off day, the time zone) is a new generation.
    if setting.startswith("STEERCO_") or setting in ("TIME_ZONE", "CACHES"):
        bump()


def install() -> None:
    """Watch every database connection made from now on, and the ones already open."""
    connection_created.connect(_on_connection, dispatch_uid="steerco.lib.generations")
    setting_changed.connect(_on_setting, dispatch_uid="steerco.lib.generations.settings")
    for connection in connections.all(initialized_only=True):
        watch(connection)
