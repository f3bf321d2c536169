"""What /healthz answers: the database answers, the migrations are applied, and the last
runs of the scheduled commands. Nothing else: the page is public."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor


def health() -> tuple[bool, dict[str, Any]]:
    """(healthy, body): healthy when the database answers and no migration is pending."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False, {"database": "error", "migrations": "unknown", "scheduled": {}}
    try:
        executor = MigrationExecutor(connection)
        pending = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return False, {"database": "ok", "migrations": "unknown", "scheduled": {}}
    from .scheduled import last_runs

    try:
        scheduled: dict[str, Any] = last_runs()
    except DatabaseError:
        scheduled = {}
    body = {
        "database": "ok",
        "migrations": "pending" if pending else "ok",
        "scheduled": scheduled,
    }
    return not pending, body
