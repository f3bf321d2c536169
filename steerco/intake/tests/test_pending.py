"""Uploads held between preview and commit expire (trust review, finding 9)."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from steerco.directives.models import Task
from steerco.intake.pending import pending_load, pending_save
from tests.factories import make_directive

from . import builders

MORNING = datetime(2025, 9, 10, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STEERCO_PENDING_MAX_AGE_HOURS = 24


def held(user_id):
    """The names of the uploads held for a user."""
    try:
        return set(default_storage.listdir(f"intake-pending/{user_id}")[1])
    except FileNotFoundError:
        return set()


def preview_and_commit_later(client, tq, people, later):
    plan = make_directive(tq.tuyen_quang, symbol="02-KH/UBND")
    client.force_login(people.tq_manager)
    post = {"directive": plan.pk, "within": tq.tuyen_quang.pk}
    preview = client.post(
        reverse("intake:plan_upload"),
        {**post, "file": SimpleUploadedFile("ke-hoach.xlsx", builders.xlsx_bytes())},
    )
    assert held(people.tq_manager.pk)
    later()
    return client.post(
        reverse("intake:plan_commit"),
        {**post, "token": preview.context["token"], "kind": "xlsx", "name": "ke-hoach.xlsx"},
    )


@pytest.fixture
def long_sessions(settings):
    """The held upload's age is tested here, not the session's (which would end first)."""
    settings.STEERCO_SESSION_IDLE_MINUTES = 48 * 60
    settings.STEERCO_SESSION_MAX_HOURS = 48
    settings.SESSION_COOKIE_AGE = 48 * 3600


def test_a_plan_previewed_more_than_a_day_ago_can_no_longer_be_committed(
    client, tq, people, time_machine, long_sessions
):
    time_machine.move_to(MORNING, tick=False)
    response = preview_and_commit_later(
        client, tq, people, lambda: time_machine.shift(timedelta(hours=24, minutes=1))
    )
    assert response.status_code == 404
    assert not Task.objects.exists()
    assert not held(people.tq_manager.pk)  # and the expired file is gone


def test_a_plan_previewed_earlier_the_same_day_is_committed(
    client, tq, people, time_machine, long_sessions
):
    time_machine.move_to(MORNING, tick=False)
    response = preview_and_commit_later(
        client, tq, people, lambda: time_machine.shift(timedelta(hours=23))
    )
    assert response.status_code == 302 and Task.objects.exists()
    assert not held(people.tq_manager.pk)


def test_the_age_limit_is_a_setting(settings, time_machine):
    settings.STEERCO_PENDING_MAX_AGE_HOURS = 2
    time_machine.move_to(MORNING, tick=False)
    token = pending_save(user_id=7, kind="xlsx", data=b"sheet")
    time_machine.shift(timedelta(hours=1))
    assert pending_load(user_id=7, token=token, kind="xlsx") == b"sheet"
    time_machine.shift(timedelta(hours=1, seconds=1))
    assert pending_load(user_id=7, token=token, kind="xlsx") is None


def test_each_upload_deletes_that_users_expired_uploads_and_no_one_elses(time_machine):
    time_machine.move_to(MORNING, tick=False)
    old = pending_save(user_id=1, kind="xlsx", data=b"old")
    pending_save(user_id=2, kind="csv", data=b"theirs")
    time_machine.shift(timedelta(hours=20))
    recent = pending_save(user_id=1, kind="docx", data=b"recent")
    time_machine.shift(timedelta(hours=5))
    new = pending_save(user_id=1, kind="xlsx", data=b"new")
    assert held(1) == {f"{recent}.docx", f"{new}.xlsx"}
    assert old not in " ".join(held(1))
    assert len(held(2)) == 1


def test_the_sweep_command_deletes_everyones_expired_uploads(db, time_machine):
    # (db: the command records its run for /healthz)
    time_machine.move_to(MORNING, tick=False)
    pending_save(user_id=1, kind="xlsx", data=b"a")
    pending_save(user_id=2, kind="csv", data=b"b")
    default_storage.save("intake-pending/3/" + "a" * 32 + ".xlsx", ContentFile(b"before expiry"))
    time_machine.shift(timedelta(hours=23))
    kept = pending_save(user_id=2, kind="xlsx", data=b"c")
    time_machine.shift(timedelta(hours=2))
    out = StringIO()
    call_command("pending", "sweep", stdout=out)
    assert (held(1), held(2), held(3)) == (set(), {f"{kept}.xlsx"}, set())
    assert "3 expired" in out.getvalue()
