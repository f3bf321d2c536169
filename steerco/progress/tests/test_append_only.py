"""The history refuses to be rewritten: the database's triggers refuse UPDATE and DELETE
on every history table (TRUNCATE too on PostgreSQL), whatever path the statement takes."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from steerco.lib import append_only
from steerco.progress import services
from steerco.progress.models import EvidenceFile, ProgressUpdate
from tests.factories import make_directive, make_task


@pytest.fixture
def update(tree, time_machine):
    time_machine.move_to(date(2025, 6, 20))
    task = make_task(make_directive(tree.committee), tree.tq_skhcn, due_on=date(2025, 6, 30))
    return services.progress_report(task=task, reported_on=date(2025, 6, 1), state="in_progress")


def refused(sql_or_call):  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError, match="refused"), transaction.atomic():
        if callable(sql_or_call):
            sql_or_call()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql_or_call)


def test_a_progress_update_cannot_be_edited_or_deleted_through_the_orm_or_raw_sql(update):
    table = ProgressUpdate._meta.db_table
    refused(lambda: ProgressUpdate.objects.filter(pk=update.pk).update(percent=99))
    refused(lambda: ProgressUpdate.objects.filter(pk=update.pk)._raw_delete("default"))
    refused(f"UPDATE {table} SET percent = 99 WHERE id = {update.pk}")  # noqa: S608
    refused(f"DELETE FROM {table} WHERE id = {update.pk}")  # noqa: S608
    refused(f"DELETE FROM {table}")  # noqa: S608 - SQLite's "truncate" runs the row triggers
    update.refresh_from_db()
    assert update.percent == 0


def test_every_history_table_is_guarded_after_migrate(db):
    """A SQLite migration that rebuilds a table drops its triggers (0005 rebuilt the
    updates' table): after migrate, every declared history table still has its own."""
    tables = {m._meta.db_table for m in append_only.guarded_models()}
    assert {ProgressUpdate._meta.db_table, EvidenceFile._meta.db_table} <= tables
    assert append_only.missing_triggers() == []


def test_a_dropped_trigger_is_named_and_created_again_by_migrate(db):
    table = ProgressUpdate._meta.db_table
    append_only.remove(table)
    missing = append_only.missing_triggers()
    assert f"{table}_no_update" in missing and f"{table}_no_delete" in missing
    assert append_only.reinstall_missing() == [table]
    assert append_only.missing_triggers() == []


def test_migrating_back_leaves_the_guards_of_tables_not_created_yet_alone(db, monkeypatch):
    """After `migrate progress 0005` the decisions' table does not exist: putting guards
    back must not try to create triggers on it (the command failed there)."""
    table = ProgressUpdate._meta.db_table
    append_only.remove(table)
    names = connection.introspection.table_names
    monkeypatch.setattr(
        connection.introspection, "table_names", lambda *a, **k: [t for t in names() if t != table]
    )
    assert append_only.reinstall_missing() == []
    monkeypatch.undo()
    assert append_only.reinstall_missing() == [table]


def test_suspended_lets_rows_go_and_guards_the_table_again(update):
    table = ProgressUpdate._meta.db_table
    before = append_only.guard_definitions(tables=[table])
    with append_only.suspended([table]):
        ProgressUpdate.objects.filter(pk=update.pk)._raw_delete("default")
    assert not ProgressUpdate.objects.filter(pk=update.pk).exists()
    assert append_only.guard_definitions(tables=[table]) == before
    services.progress_report(task=update.task, reported_on=date(2025, 6, 2), state="in_progress")
    refused(f"UPDATE {table} SET percent = 1")  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_with_history_is_torn_down_through_suspended(tree):
    """This test's rows are deleted by the teardown (root conftest.py)."""
    task = make_task(make_directive(tree.committee), tree.tq_skhcn, due_on=date(2025, 6, 30))
    services.progress_report(
        task=task,
        reported_on=date.today(),
        state="in_progress",  # noqa: DTZ011
    )
    assert ProgressUpdate.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_postgresql_refuses_truncate_of_a_history_table(tree):
    task = make_task(make_directive(tree.committee), tree.tq_skhcn, due_on=date(2025, 6, 30))
    services.progress_report(
        task=task,
        reported_on=date.today(),
        state="in_progress",  # noqa: DTZ011
    )
    refused(f"TRUNCATE {ProgressUpdate._meta.db_table} CASCADE")
    assert ProgressUpdate.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_teardown_left_the_tables_empty_and_guarded():
    assert ProgressUpdate.objects.count() == 0
    assert append_only.missing_triggers() == []


def test_an_extension_decision_is_a_history_row_and_the_request_is_unchanged(update):
    from steerco.progress.models import Extension, ExtensionDecision

    task = update.task
    ext = services.extension_request(
        task=task, requested_on=date(2025, 6, 10), new_due_on=date(2025, 9, 30), reason="Chờ vốn"
    )
    stored = Extension.objects.filter(pk=ext.pk).values().get()
    assert ext.status == "requested" and ext.decided_on is None
    services.extension_decide(extension=ext, approve=True, decided_on=date(2025, 6, 12))
    assert Extension.objects.filter(pk=ext.pk).values().get() == stored  # not rewritten
    decision = ExtensionDecision.objects.get(extension=ext)
    assert (decision.status, decision.decided_on, decision.task_id) == (
        "approved",
        date(2025, 6, 12),
        task.pk,
    )
    ext = Extension.objects.select_related("decision").get(pk=ext.pk)
    assert (ext.status, ext.decided_on) == ("approved", date(2025, 6, 12))
    task.refresh_from_db()
    assert task.due_on == date(2025, 9, 30)
    refused(lambda: ExtensionDecision.objects.filter(pk=decision.pk).update(status="rejected"))
    refused(lambda: Extension.objects.filter(pk=ext.pk).update(new_due_on=date(2026, 1, 1)))


def test_indicator_values_refuse_update_and_delete_too(db):
    table = "indicators_indicatorvalue"
    names = {name for _, name, _ in append_only.guard_definitions(tables=[table])}
    assert {f"{table}_no_update", f"{table}_no_delete"} <= names
    assert "indicator_value_append_only" not in append_only.existing_triggers()  # replaced
