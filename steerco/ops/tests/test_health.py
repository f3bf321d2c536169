"""/healthz: public JSON about the database, the migrations and the scheduled commands."""

from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client

from steerco.ops.models import ScheduledRun


def test_healthy(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["migrations"] == "ok"
    assert set(body["scheduled"]) >= {"pending sweep", "period close"}
    assert set(body) == {"database", "migrations", "scheduled"}
    assert "no-cache" in response["Cache-Control"]


def test_a_scheduled_command_records_its_last_success(db):
    call_command("pending", "sweep", stdout=StringIO())
    run = ScheduledRun.objects.get(command="pending sweep")
    assert run.last_success_at is not None
    body = Client().get("/healthz").json()
    assert body["scheduled"]["pending sweep"]["last_success"] == run.last_success_at.isoformat()
    assert body["scheduled"]["period close"] == {"last_success": None, "last_failure": None}


def test_pending_migrations_answer_503(db):
    with mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        return_value=[("x", False)],
    ):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


def test_a_database_that_does_not_answer_is_503(db):
    with mock.patch("steerco.ops.health.connection.cursor", side_effect=DatabaseError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "migrations": "unknown", "scheduled": {}}
