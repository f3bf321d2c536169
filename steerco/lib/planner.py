"""A planner hint for PostgreSQL's big counting queries.

Counting 200,000 classified tasks by (peer, class, reporting status), PostgreSQL cannot
estimate how few groups the CASE expressions make, so it believes hashing them saves
nothing; it sorts all the rows instead, in parallel, merges them in one process and
groups the sorted stream. Hashing the groups in one pass is faster, and so is reading
and joining the tasks in parallel workers before that pass (the planner prices moving
each row out of a worker too high to do it on its own). National ranking, same query
on a quiet machine: 217 ms as planned, 189 ms hashing, ~150 ms hashing after a parallel
scan. `hash_groups()` sets those two planner settings for the queries run inside it,
on PostgreSQL only, and restores them afterwards.

The settings go through the driver's connection, not a Django cursor: they are not
queries of the page, and query-count tests keep counting the same on both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.db import connections, transaction

from steerco.lib.replicas import read_alias

COUNTING = {"enable_sort": "off", "parallel_tuple_cost": "0"}


@contextmanager
def hash_groups() -> Iterator[None]:
    # On the database the request reads (a replica's page: the replica; steerco.lib.replicas).
    connection = connections[read_alias()]
    if connection.vendor != "postgresql":
        yield
        return
    # SET LOCAL lasts until the transaction ends: open one if there is none.
    with nullcontext() if connection.in_atomic_block else transaction.atomic(connection.alias):
        raw = connection.connection
        names = list(COUNTING)
        reads = ", ".join(["current_setting(%s)"] * len(names))
        writes = ", ".join(["set_config(%s, %s, true)"] * len(names))
        previous = raw.execute(f"SELECT {reads}", names).fetchone()
        raw.execute(f"SELECT {writes}", [v for n in names for v in (n, COUNTING[n])])
        try:
            yield
        finally:
            raw.execute(
                f"SELECT {writes}", [v for pair in zip(names, previous, strict=True) for v in pair]
            )
