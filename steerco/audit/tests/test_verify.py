"""`steerco audit verify` proves the history unchanged, and names what is not: a row
changed or deleted by raw SQL with the triggers dropped, a missing trigger, a row
appended before a period's close and removed since."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from steerco.audit.verify import verify
from steerco.lib import append_only
from steerco.lib.periods import parse_period
from steerco.progress import services
from steerco.progress.models import ProgressUpdate
from steerco.scoring.services import period_close
from tests.factories import make_directive, make_task

UPDATES = ProgressUpdate._meta.db_table


@pytest.fixture
def history(tree, time_machine, settings, tmp_path):
    """Two tasks with a few updates each, an evidence file, an extension and its decision."""
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(date(2025, 10, 25))
    plan = make_directive(tree.committee)
    a = make_task(plan, tree.tq_skhcn, due_on=date(2025, 12, 31))
    b = make_task(plan, tree.lam_binh, due_on=date(2025, 12, 31))
    rows = []
    for task in (a, b):
        for day, percent in ((date(2025, 9, 20), 10), (date(2025, 10, 1), 40)):
            rows.append(
                services.progress_report(
                    task=task, reported_on=day, state="in_progress", percent=percent
                )
            )
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes", "application/pdf")
    rows.append(
        services.progress_report(
            task=a,
            reported_on=date(2025, 10, 20),
            state="in_progress",
            percent=60,
            files=[services.UploadedEvidence("bien-ban.pdf", "application/pdf", 16, upload)],
        )
    )
    ext = services.extension_request(
        task=b, requested_on=date(2025, 10, 2), new_due_on=date(2026, 3, 31), reason="Chờ vốn"
    )
    services.extension_decide(extension=ext, approve=True, decided_on=date(2025, 10, 5))
    return rows


def raw(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def test_an_untouched_history_verifies(history):
    result = verify()
    assert result.ok, result.summary()
    # 5 updates, 1 evidence file, 1 request, 1 decision (and no audit event needed)
    assert result.rows >= 8 and result.chains >= 5
    assert result.triggers == len(append_only.guarded_models()) * len(
        append_only.actions(connection.vendor)
    )
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().startswith("ok: ")


def test_audit_verify_names_the_update_whose_percent_was_changed_by_raw_sql(history):
    changed = history[1]
    append_only.remove(UPDATES)
    raw(f"UPDATE {UPDATES} SET percent = 90 WHERE id = {changed.pk}")  # noqa: S608
    append_only.install(UPDATES, ProgressUpdate.append_only)
    (problem,) = verify().problems
    assert (problem.kind, problem.table, problem.row_id) == (
        "broken link",
        UPDATES,
        str(changed.pk),
    )
    assert problem.chain == f"task_id={changed.task_id}" and "changed" in problem.detail
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", stdout=out)
    assert f"row {changed.pk}" in out.getvalue()


def test_audit_verify_names_the_row_after_the_deleted_row(history):
    deleted, after = history[0], history[1]
    with append_only.suspended([UPDATES]):
        raw(f"DELETE FROM {UPDATES} WHERE id = {deleted.pk}")  # noqa: S608
    (problem,) = verify().problems
    assert (problem.table, problem.row_id) == (UPDATES, str(after.pk))
    assert "removed" in problem.detail


def test_audit_verify_names_a_missing_trigger(history):
    append_only.remove(UPDATES)
    problems = verify().problems
    assert {p.kind for p in problems} == {"missing trigger"}
    assert f"{UPDATES}_no_update does not exist" in {p.detail for p in problems}
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--json", stdout=out)
    assert '"missing trigger"' in out.getvalue()


def test_audit_verify_names_an_evidence_file_changed_on_disk(history, settings):
    from steerco.progress.models import EvidenceFile

    evidence = EvidenceFile.objects.get()
    assert verify().files == 1
    (settings.MEDIA_ROOT / evidence.file.name).write_bytes(b"%PDF-1.4 other minutes")
    (problem,) = verify().problems
    assert problem.kind == "changed file" and evidence.file.name in problem.detail


def test_a_closed_period_records_the_heads_and_finds_a_row_appended_then_removed(history):
    record = period_close(period=parse_period("2025-10"))
    assert record.chain_heads["progress.progressupdate"]["last_id"] == history[-1].pk
    assert verify().ok
    # The last update of its task: no later link names it; the period's heads do.
    last = history[-1]
    with append_only.suspended():
        raw(f"DELETE FROM progress_evidencefile WHERE update_id = {last.pk}")  # noqa: S608
        raw(f"DELETE FROM {UPDATES} WHERE id = {last.pk}")  # noqa: S608
    problems = verify().problems
    assert {p.kind for p in problems} == {"closed period"}
    assert UPDATES in {p.table for p in problems}


def test_audit_verify_names_a_missing_indicator_value_trigger(history):
    append_only.remove("indicators_indicatorvalue")
    problems = verify().problems
    assert any("indicators_indicatorvalue" in f"{p.table} {p.detail}" for p in problems), problems
