"""Writers take turns on SQLite through the kernel, not through SQLite's busy handler.

SQLite admits one write transaction at a time (settings: BEGIN IMMEDIATE). A writer
that finds the lock taken sleeps in SQLite's busy handler, 1, 2, 5, 10, 15, 20, 25 ...
up to 100 ms between attempts, so under concurrent posting the lock is often free while
every waiter sleeps: in the posting load test the workers spent about a third of each
request's time in BEGIN IMMEDIATE. A writer that first takes an exclusive flock() on a
file beside the database (named like its -wal and -shm files) is woken by the kernel
the moment the previous one releases it, and then finds the database lock free.

PostgreSQL (row locks), in-memory SQLite and a write already inside a transaction
(the lock would then be taken after the database lock, not before it) skip the turn.
A worker that dies holding the lock releases it with its file descriptor; a stuck one
is bounded by gunicorn's worker timeout.

The pages (steerco/web) and the API's writes (steerco/api) take the same turn.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections


@contextmanager
def turn(lock_path: str) -> Iterator[None]:
    """Hold the exclusive lock on `lock_path` for the block (each call opens its own
    descriptor, so threads of one process take turns too)."""
    fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def write_turn(using: str = "default") -> Iterator[None]:
    """Wrap one write transaction (a service call) so concurrent SQLite writers queue."""
    connection = connections[using]
    if (
        connection.vendor != "sqlite" or connection.in_atomic_block or connection.is_in_memory_db()  # type: ignore[attr-defined]
    ):
        yield
        return
    with turn(f"{connection.settings_dict['NAME']}-write-lock"):
        yield
