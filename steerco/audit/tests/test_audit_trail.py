"""The audit trail: who changed what, when, from which value to which — recorded by the
model signals whatever page, service or admin form made the change, in a write-once
table whose days are hash chains."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from steerco.audit.chain import chained_rows, hashed_values
from steerco.audit.context import acting_as
from steerco.audit.models import AuditAction, AuditEvent, AuditSource
from steerco.audit.selectors import object_history
from steerco.directives.models import Task
from steerco.directives.services import task_update
from steerco.intake.plans import plan_import
from steerco.intake.tests import builders
from steerco.lib.append_only import suspended
from steerco.lib.hashchain import GENESIS, first_break, link
from steerco.progress.services import extension_request
from steerco.units.services import membership_grant
from steerco.web.models import UserPreference
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db


def events_of(obj):  # type: ignore[no-untyped-def]
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("id")
    )


@pytest.fixture
def plan(tree):  # type: ignore[no-untyped-def]
    return make_directive(tree.tuyen_quang, symbol="02-KH/BCĐTW", issued_on=date(2025, 3, 1))


@pytest.fixture
def task(plan, tree):  # type: ignore[no-untyped-def]
    return make_task(plan, tree.tq_skhcn, reference="1.3", due_on=date(2025, 11, 30))


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


# --- what is recorded ------------------------------------------------------------------


def test_a_manager_who_moves_a_deadline_from_30_nov_to_31_dec_leaves_an_event_naming_them(
    task, people
):
    extension = extension_request(
        task=task, requested_on=date(2025, 10, 1), new_due_on=date(2025, 12, 31), reason="Chờ vốn"
    )
    response = signed_in(people.tq_manager).post(
        reverse("web:extension_decide", args=[extension.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    event = events_of(task)[-1]
    assert event.action == AuditAction.CHANGED
    assert event.actor == people.tq_manager
    assert event.actor_name == "tq-manager"
    assert event.source == AuditSource.WEB
    assert event.changes == {"due_on": ["2025-11-30", "2025-12-31"]}
    assert event.object_label == "02-KH/BCĐTW · 1.3"


def test_the_task_page_lists_the_deadline_change(task, people):
    extension = extension_request(
        task=task, requested_on=date(2025, 10, 1), new_due_on=date(2025, 12, 31), reason="Chờ vốn"
    )
    manager = signed_in(people.tq_manager)
    manager.post(reverse("web:extension_decide", args=[extension.pk]), {"decision": "approve"})
    page = manager.get(reverse("web:task", args=[task.pk]), HTTP_ACCEPT_LANGUAGE="en")
    history = page.content.decode().split('data-testid="definition-history"')[1].split("</ol>")[0]
    assert "30/11/2025" in history and "31/12/2025" in history
    assert "tq-manager" in history
    # Newest first: the deadline's change before the task's creation.
    assert history.index("31/12/2025") < history.index("Xây dựng cơ sở dữ liệu")


def test_a_task_form_edit_is_one_entry_with_the_content_and_the_coordinating_units(
    task, tree, people
):
    with acting_as(people.tq_manager, AuditSource.WEB):
        task_update(task=task, content="Nội dung mới", coordinating_units=[tree.tq_stc])
    entry = object_history(task)[0]
    assert entry.actor == "tq-manager"
    assert {line.new for line in entry.lines} == {"Nội dung mới", "Sở Tài chính (08-STC)"}


def test_the_cached_state_of_a_task_is_not_an_audit_event(task):
    before = AuditEvent.objects.count()
    task.state, task.percent = "in_progress", 40
    task.save(update_fields=["state", "percent"])
    assert AuditEvent.objects.count() == before


def test_giving_a_role_on_a_unit_and_deactivating_an_account_are_recorded(tree, people):
    official = get_user_model().objects.create_user("nguyenvana", first_name="Văn A")
    with acting_as(people.tq_manager, AuditSource.WEB):
        membership = membership_grant(user=official, unit=tree.tq_stc, role="reporter")
        official.is_active = False
        official.save(update_fields=["is_active"])
    given = events_of(membership)[-1]
    assert given.action == AuditAction.CREATED
    assert given.actor == people.tq_manager
    assert given.changes["role"] == [None, "reporter"]
    assert given.changes["unit"] == [None, {"id": tree.tq_stc.pk, "label": "Sở Tài chính (08-STC)"}]
    deactivated = events_of(official)[-1]
    assert deactivated.changes == {"is_active": [True, False]}
    assert deactivated.object_label == "Văn A (nguyenvana)"


def test_a_password_change_is_recorded_as_a_fact_never_as_a_hash(people):
    user = people.outsider
    user.set_password("a-new-long-password")
    user.save()
    event = events_of(user)[-1]
    assert event.action == AuditAction.PASSWORD_CHANGED
    assert event.changes == {}
    assert not AuditEvent.objects.filter(changes__has_key="password").exists()


def test_a_password_rehashed_at_sign_in_is_not_a_change(people):
    user = people.outsider
    before = AuditEvent.objects.count()
    # What check_password does when the hasher asks for an upgrade: the same password,
    # hashed again, saved without the raw password kept for the "changed" signal.
    user.set_password("pw")
    user._password = None
    user.save(update_fields=["password"])
    assert AuditEvent.objects.count() == before


def test_two_factor_devices_added_and_removed_are_recorded(people):
    device = TOTPDevice.objects.create(user=people.tq_manager, name="authenticator")
    pk = device.pk
    device.delete()
    created, deleted = AuditEvent.objects.filter(
        object_type="otp_totp.totpdevice", object_id=str(pk)
    ).order_by("id")
    assert (created.action, deleted.action) == (AuditAction.CREATED, AuditAction.DELETED)
    assert created.object_label == "tq-manager · authenticator"
    assert "key" not in created.changes


def test_a_language_preference_change_is_recorded(people):
    preference = UserPreference.objects.create(user=people.outsider, language="vi")
    preference.language = "en"
    preference.save()
    assert events_of(preference)[-1].changes == {"language": ["vi", "en"]}


def test_outside_a_request_or_acting_as_the_system_acts(task):
    event = events_of(task)[0]
    assert (event.actor, event.actor_name, event.source) == (None, "", AuditSource.SYSTEM)


def test_acting_as_refuses_an_unknown_source(people):
    with pytest.raises(ValueError, match="unknown audit source"), acting_as(None, "telepathy"):
        pass


PLAN_ROWS = [
    ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Sản phẩm"],
    ["1", "Nhiệm vụ thứ nhất", "Sở Khoa học và Công nghệ", "31/12/2026", "Báo cáo"],
    ["2", "Nhiệm vụ thứ hai", "Sở Tài chính", "30/06/2026", "Đề án"],
]


def test_a_plan_import_records_one_event(plan, tree):
    before = AuditEvent.objects.count()
    result = plan_import(
        directive=plan,
        within=tree.tuyen_quang,
        name="ke-hoach.xlsx",
        data=builders.xlsx_bytes(PLAN_ROWS, merges=[]),
        commit=True,
    )
    assert result.committed and result.created > 1
    new = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.action, e.object_label) for e in new] == [(AuditAction.PLAN_IMPORTED, "02-KH/BCĐTW")]
    assert new[0].changes["created"] == [None, result.created]
    assert new[0].changes["file"] == [None, "ke-hoach.xlsx"]


# --- the admin site ----------------------------------------------------------------------


@pytest.fixture
def admin_client_(db):  # type: ignore[no-untyped-def]
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    return signed_in(admin), admin


def test_the_admin_cannot_change_a_task_s_lead_unit(task, tree, admin_client_):
    client, admin = admin_client_
    url = reverse("admin:directives_task_change", args=[task.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="lead_unit"' not in page.content.decode()
    response = client.post(
        url,
        {
            "reference": task.reference,
            "content": "Nội dung sửa trong trang quản trị",
            "lead_unit": tree.cb_skhcn.pk,
            "assigned_by": tree.cao_bang.pk,
            "original_due_on": "2026-12-31",
            "external_partners": "",
            "responsible_person": "",  # the person clears no more
            "expected_product": task.expected_product,
            "field": "",
            "authority": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.content == "Nội dung sửa trong trang quản trị"
    assert (task.lead_unit, task.assigned_by, task.original_due_on) == (
        tree.tq_skhcn,
        tree.tuyen_quang,
        date(2025, 11, 30),
    )
    assert not task.five_clear
    event = events_of(task)[-1]
    assert (event.actor, event.source) == (admin, AuditSource.ADMIN)
    assert set(event.changes) == {"content", "responsible_person"}


def test_the_admin_cannot_add_change_or_delete_an_audit_event(task, admin_client_):
    client, _ = admin_client_
    event = events_of(task)[0]
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# --- write-once, chained -----------------------------------------------------------------


def test_an_audit_event_cannot_be_updated_or_deleted_the_database_refuses(task):
    event = events_of(task)[0]
    with pytest.raises(DatabaseError, match="write-once"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(object_label="rewritten")
    with pytest.raises(DatabaseError, match="write-once"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError, match="write-once"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).object_label == "02-KH/BCĐTW · 1.3"


def test_events_of_one_day_chain_the_second_s_previous_hash_is_the_first_s_hash(task, tree):
    task_update(task=task, content="Lần sửa thứ nhất")
    task_update(task=task, content="Lần sửa thứ hai")
    first, second = events_of(task)[-2:]
    assert first.day == second.day
    assert second.previous_hash == first.row_hash
    assert second.row_hash == link(first.row_hash, hashed_values(second))
    assert AuditEvent.objects.order_by("id").first().previous_hash == GENESIS
    assert first_break(chained_rows()) is None


def test_the_stored_rows_hash_to_what_was_written(task):
    """Read back from the database, every event's values give its stored hash."""
    for row in chained_rows():
        assert link(row.previous_hash, row.values) == row.row_hash


def test_a_row_changed_behind_the_triggers_breaks_its_chain(task):
    task_update(task=task, content="Lần sửa")
    event = events_of(task)[-1]
    with suspended(["audit_auditevent"]), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET object_label = %s WHERE id = %s", ["khác", event.pk]
        )
    broken = first_break(chained_rows())
    assert broken is not None and broken.row_id == event.pk


def test_a_day_s_chain_is_keyed_by_the_project_s_date(task, settings):
    event = events_of(task)[0]
    from django.utils import timezone

    assert event.day == timezone.localdate(event.at)
    assert AuditEvent.chain_key == "day"
    assert set(AuditEvent.chained_fields) <= {f.attname for f in AuditEvent._meta.fields}


def test_deleting_an_account_that_acted_is_refused_deactivate_it_instead(task, people):
    from django.db.models import ProtectedError

    with acting_as(people.tq_manager, AuditSource.WEB):
        task_update(task=task, content="Sửa")
    with pytest.raises(ProtectedError):
        people.tq_manager.delete()
    assert Task.objects.filter(pk=task.pk).exists()


def test_audit_verify_walks_the_audit_chains_and_names_a_changed_event(task, people):
    from steerco.audit.verify import verify

    with acting_as(people.tq_manager, AuditSource.WEB):
        task_update(task=task, content="Lần sửa", coordinating_units=[])
    assert verify().ok, verify().summary()
    event = events_of(task)[-1]
    with suspended(["audit_auditevent"]), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET changes = %s WHERE id = %s",
            ['{"content": ["a", "b"]}', event.pk],
        )
    problems = verify().problems
    assert [(p.kind, p.table, p.row_id) for p in problems] == [
        ("broken link", "audit_auditevent", str(event.pk))
    ]


def test_notice_preferences_and_a_units_webhook_are_recorded_without_the_secret(tree, people):
    from steerco.notices.models import NoticePreference, UnitWebhook

    preference = NoticePreference.objects.create(user=people.outsider)
    preference.email = False
    preference.save()
    assert events_of(preference)[-1].changes == {"email": [True, False]}
    hook = UnitWebhook.objects.create(
        unit=tree.tuyen_quang, url="https://chat.example.vn/hook", secret="s3cret-value"
    )
    recorded = events_of(hook)[-1]
    assert recorded.changes["url"] == [None, "https://chat.example.vn/hook"]
    assert "s3cret-value" not in str(recorded.changes)
