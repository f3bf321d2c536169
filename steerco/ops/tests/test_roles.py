"""The application's PostgreSQL role (ops/roles.py) reads and writes rows but cannot
drop a trigger, alter or truncate a table, or rewrite a history row."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from steerco.ops.roles import app_role_sql
from steerco.progress import services
from steerco.progress.models import ProgressUpdate
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL roles: run with DATABASE_URL=postgres://"
)
UPDATES = ProgressUpdate._meta.db_table


def run(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def refused(sql: str, match: str) -> None:
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        run(sql)


def test_the_application_role_cannot_drop_a_trigger_or_alter_a_history_table(tree, time_machine):
    time_machine.move_to(date(2025, 6, 20))
    task = make_task(make_directive(tree.committee), tree.tq_skhcn, due_on=date(2025, 6, 30))
    update = services.progress_report(task=task, reported_on=date(2025, 6, 1), state="in_progress")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
    app = f"steerco_app_{secrets.token_hex(4)}"  # created and dropped in the test's transaction
    run(f"CREATE ROLE {app} NOLOGIN")
    for sql in app_role_sql(app=app, owner=owner):
        run(sql)
    run(f"SET LOCAL ROLE {app}")
    try:
        run(f"SELECT count(*) FROM {UPDATES}")  # noqa: S608 - it reads
        services.progress_report(task=task, reported_on=date(2025, 6, 2), state="in_progress")
        refused(f"DROP TRIGGER {UPDATES}_no_update ON {UPDATES}", "must be owner")
        refused(f"ALTER TABLE {UPDATES} DISABLE TRIGGER ALL", "must be owner")
        refused(f"TRUNCATE {UPDATES} CASCADE", "permission denied")
        refused(f"UPDATE {UPDATES} SET percent = 99 WHERE id = {update.pk}", "refused")  # noqa: S608
        refused(f"DELETE FROM {UPDATES} WHERE id = {update.pk}", "refused")  # noqa: S608
    finally:
        run("RESET ROLE")
