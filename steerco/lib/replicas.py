"""Reads from PostgreSQL streaming replicas; writes, and reads after a write, on the primary.

`DATABASE_REPLICA_URLS=postgres://...,postgres://...` (settings.py) adds the databases
`replica_1`, `replica_2`, ... and installs `ReplicaRouter` and `PrimaryPinMiddleware`.
Without it neither is installed and nothing here runs: every query goes to `default`.

Where a query goes (docs/PERFORMANCE.md, "Read replicas"):

- **Outside an HTTP request** (management commands, cron, the shell, the tests): the
  primary. A command reads what it has just written (`steerco remind` checks the notices
  it recorded), and nothing there is served to a waiting user.
- **POST, PUT, PATCH, DELETE**: the primary, every query; the answer sets a short cookie
  (`PIN_COOKIE`, STEERCO_REPLICA_PIN_SECONDS) so that the GET the browser makes next —
  the redirect after the form — also reads the primary: a replica replays the write a
  moment later (replication lag), and the user must see what they just did.
- **GET, HEAD, OPTIONS** without that cookie: one replica, chosen when the request starts
  and kept for all of it (two replicas may lag differently: one page, one source) — the
  same one for every request of a signed-in browser (by its session cookie), so that its
  pages never step back to a replica further behind — except
  - inside a transaction on the primary (`transaction.atomic()`): a read there belongs
    with the transaction's writes and snapshot;
  - after the request wrote anything — through the ORM (the router is asked for a
    database to write) or by raw SQL on the primary (an execute wrapper sees a statement
    that is not a read) — it reads the primary to its end, and its answer sets the cookie;
  - when the replica cannot be reached: the primary, logged; the replica is then left
    alone for DOWN_SECONDS (a replica URL should carry `?connect_timeout=2` or so: a
    host that does not answer would otherwise hold the request for TCP's timeout).
- A figure missing from the shared figures cache is computed on the primary
  (`primary_reads`, steerco/scoring/cache.py): it is stored under the generation of the
  latest write, which a lagging replica may not have replayed yet.

Migrations run on the primary only; a replica is a copy of it. Relations between objects
read from the primary and from a replica are allowed: they are the same rows.
"""

from __future__ import annotations

import logging
import random
import re
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA_PREFIX = "replica_"
PIN_COOKIE = "steerco_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# A statement that only reads (or manages a savepoint): anything else on the primary is a
# write, after which the request reads the primary.
_READ_ONLY = re.compile(r"\s*(?:SELECT|SHOW|EXPLAIN|SAVEPOINT|RELEASE|ROLLBACK)\b", re.IGNORECASE)


@dataclass
class _Request:
    reads: str  # the alias this request reads from now
    wrote: bool = False


_state: ContextVar[_Request | None] = ContextVar("steerco_replica_request", default=None)


def is_replica(alias: str) -> bool:
    return alias.startswith(REPLICA_PREFIX)


def replica_aliases() -> list[str]:
    """The replicas configured (settings.DATABASES' `replica_<n>`)."""
    return [alias for alias in connections if is_replica(alias)]


def read_alias() -> str:
    """Where a read made now goes: the request's replica, or the primary (outside a
    request, after a write, inside a transaction on the primary). For raw SQL reads, which
    the router is not asked about."""
    state = _state.get()
    if state is None or state.reads == PRIMARY or connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return state.reads


class _ReadConnection:
    """Like `django.db.connection`, for reads: the connection `read_alias()` names at
    each use (raw SQL that only reads: `lib.compiled`'s counting queries)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(connections[read_alias()], name)


read_connection = cast(BaseDatabaseWrapper, _ReadConnection())


def _pin() -> None:
    state = _state.get()
    if state is not None:
        state.reads = PRIMARY
        state.wrote = True


@contextmanager
def primary_reads() -> Iterator[None]:
    """Reads inside the block go to the primary (then back to the request's replica,
    unless the block wrote)."""
    state = _state.get()
    if state is None or state.reads == PRIMARY:
        yield
        return
    replica = state.reads
    state.reads = PRIMARY
    try:
        yield
    finally:
        if not state.wrote:
            state.reads = replica


class ReplicaRouter:
    """settings.DATABASE_ROUTERS when DATABASE_REPLICA_URLS is set."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type, **hints: Any) -> str:
        _pin()
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        known = {obj1._state.db, obj2._state.db}
        if all(db == PRIMARY or is_replica(db) for db in known if db is not None):
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if is_replica(db) else None


def _watch_primary(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """Execute wrapper on the primary while a request reads a replica: a statement that
    is not a read (raw SQL the router never saw) moves the request to the primary."""
    if not _READ_ONLY.match(sql):
        _pin()
    return execute(sql, params, many, context)


# A replica that did not answer is left alone for this long (per process): otherwise every
# request would wait for its connection to fail again.
DOWN_SECONDS = 30.0
_down_until: dict[str, float] = {}


def _reachable(alias: str) -> bool:
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError:
        logger.warning(
            "replica %s unreachable: the primary serves its reads for %d s", alias, DOWN_SECONDS
        )
        _down_until[alias] = time.time() + DOWN_SECONDS
        return False
    return True


class PrimaryPinMiddleware:
    """First in settings.MIDDLEWARE when DATABASE_REPLICA_URLS is set: decides where the
    request reads (see the module's docstring) and sets the pin cookie after a write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = _Request(reads=self._reads_for(request))
        token = _state.set(state)
        try:
            if state.reads == PRIMARY:
                response = self.get_response(request)
            else:
                with connections[PRIMARY].execute_wrapper(_watch_primary):
                    response = self.get_response(request)
        finally:
            _state.reset(token)
        if request.method not in SAFE_METHODS or state.wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.STEERCO_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    @staticmethod
    def _reads_for(request: HttpRequest) -> str:
        if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
            return PRIMARY
        now = time.time()
        replicas = [a for a in replica_aliases() if _down_until.get(a, 0.0) <= now]
        if not replicas:
            return PRIMARY
        session = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if session:  # one browser, one replica: its pages never step back to an older lag
            alias = replicas[zlib.crc32(session.encode()) % len(replicas)]
        else:
            alias = random.choice(replicas)  # noqa: S311 - spreading load, not a secret
        return alias if _reachable(alias) else PRIMARY
