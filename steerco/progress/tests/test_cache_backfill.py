"""Tasks with a history from before the task cached its counts columns get them filled
by the migration, with the values the services would have kept."""

import importlib
from datetime import date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection

from steerco.directives.models import Task
from steerco.progress import services
from tests.factories import make_directive, make_task

backfill = importlib.import_module("steerco.progress.migrations.0004_task_cache_backfill")
FIELDS = (
    "counted_completed_on",
    "due_changed_on",
    "reopened_on",
    "last_report_at",
    "report_window_start",
    "report_before_window_at",
)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day):
    return datetime.combine(day, time(9), tzinfo=TZ)


def test_the_migration_fills_what_the_services_keep(tree):
    plan = make_directive(tree.committee, symbol="02-KH/BCĐTW")
    returned = make_task(plan, tree.tq_skhcn, due_on=date(2025, 6, 30))
    for day, state in ((date(2025, 3, 10), "in_progress"), (date(2025, 4, 10), "completed")):
        services.progress_report(task=returned, reported_on=day, state=state, recorded_at=_at(day))
    services.completion_return(task=returned, decided_on=date(2025, 4, 20), reason="Thiếu hồ sơ")
    extended = make_task(plan, tree.lam_binh, due_on=date(2025, 6, 30))
    ext = services.extension_request(
        task=extended,
        requested_on=date(2025, 6, 1),
        new_due_on=date(2025, 9, 30),
        reason="Chờ kinh phí",
    )
    services.extension_decide(extension=ext, approve=True, decided_on=date(2025, 6, 5))
    services.progress_report(
        task=extended,
        reported_on=date(2025, 9, 1),
        state="completed",
        recorded_at=_at(date(2025, 9, 1)),
    )
    untouched = make_task(plan, tree.cb_skhcn, due_on=date(2025, 6, 30))
    kept = {t.pk: [getattr(t, f) for f in FIELDS] for t in Task.objects.all()}
    assert kept[returned.pk][2] == date(2025, 4, 20)  # reopened by the return
    assert kept[extended.pk][:2] == [date(2025, 9, 1), date(2025, 6, 5)]

    Task.objects.update(**dict.fromkeys(FIELDS))
    # As migrate called it; 0004 read the decisions from the request's columns (status,
    # decided_on), which are a row of their own since 0007 (with the same two columns).
    then = SimpleNamespace(
        get_model=lambda app, name: apps.get_model(
            app, "ExtensionDecision" if name == "Extension" else name
        )
    )
    backfill.fill_task_cache(then, SimpleNamespace(connection=connection))

    assert {t.pk: [getattr(t, f) for f in FIELDS] for t in Task.objects.all()} == kept
    assert kept[untouched.pk] == [None] * len(FIELDS)
