"""`steerco remind` across several days with a fixed clock: each kind sent once, to the
right people only, in the inbox, the mail outbox and a unit's webhook; preferences
honoured."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from steerco.directives.permissions import Action, may
from steerco.notices.models import Delivery, Notice, NoticeKind
from steerco.notices.services import notices_mark_read, preference_set, remind, webhook_set
from steerco.progress.services import extension_request, progress_report
from steerco.units.services import membership_grant
from tests.factories import UserFactory, make_directive, make_task

from .conftest import SECRET

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=HANOI)


def run(day: date, hour: int = 7, *args: str) -> str:
    out = StringIO()
    with time_machine.travel(at(day, hour), tick=False):
        call_command("remind", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def world(tree, people, settings):  # type: ignore[no-untyped-def]
    settings.STEERCO_WEBHOOK_BACKOFF_SECONDS = 0.01
    settings.STEERCO_SITE_URL = "https://steerco.example.gov.vn"
    start = date(2025, 10, 18)  # a Saturday
    with time_machine.travel(at(start, 6), tick=False):
        for user, email in (
            (people.tq_dept_reporter, "skhcn@tuyenquang.gov.vn"),
            (people.tq_manager, "vanphong@tuyenquang.gov.vn"),
            (people.commune_reporter, "lambinh@tuyenquang.gov.vn"),
            (people.cb_manager, "vanphong@caobang.gov.vn"),
        ):
            user.email = email
            user.save()
        quiet = UserFactory(username="tq-skhcn-quiet", email="quiet@tuyenquang.gov.vn")
        membership_grant(user=quiet, unit=tree.tq_skhcn, role="reporter")
        preference_set(
            user=quiet,
            muted=[NoticeKind.DEADLINE_SOON],
            email=False,
            digest_weekday=0,
            language="en",
        )
        left = UserFactory(username="tq-skhcn-left", email="left@tuyenquang.gov.vn")
        membership_grant(user=left, unit=tree.tq_skhcn, role="reporter")
        left.is_active = False
        left.save()
        plan = make_directive(tree.tuyen_quang, symbol="15-KH/UBND")
        accepting = make_directive(tree.tuyen_quang, symbol="20-KH/UBND", requires_acceptance=True)
        cb_plan = make_directive(tree.cao_bang, symbol="08-KH/UBND-CB")
        tasks = {
            "dept": make_task(plan, tree.tq_skhcn, due_on=date(2025, 10, 27), reference="1"),
            "commune": make_task(plan, tree.lam_binh, due_on=date(2025, 10, 24), reference="2"),
            "accepted": make_task(
                accepting, tree.tq_skhcn, due_on=date(2025, 11, 30), reference="3"
            ),
            "cb": make_task(cb_plan, tree.cb_skhcn, due_on=date(2025, 10, 27), reference="1"),
        }
        webhook_set(unit=tree.tq_skhcn, url="http://127.0.0.1:9/unused", secret=SECRET)
    return {"tasks": tasks, "quiet": quiet, "left": left, "people": people, "tree": tree}


def play(world, days: int = 12) -> list[str]:  # type: ignore[no-untyped-def]
    """Run the reminders twice a day from Saturday 18 October for `days` days; the units
    act on their days: a completion on the 21st, an extension request on the 22nd."""
    tasks, people = world["tasks"], world["people"]
    outputs = []
    for i in range(days):
        day = date(2025, 10, 18) + timedelta(days=i)
        if day == date(2025, 10, 21):
            with time_machine.travel(at(day, 9), tick=False):
                progress_report(
                    task=tasks["accepted"],
                    reported_on=day,
                    state="completed",
                    author=people.tq_dept_reporter,
                    product_symbol="12/QĐ-SKHCN",
                )
        if day == date(2025, 10, 22):
            with time_machine.travel(at(day, 9), tick=False):
                extension_request(
                    task=tasks["dept"],
                    requested_on=day,
                    new_due_on=date(2025, 11, 15),
                    reason="Chờ kinh phí",
                    author=people.tq_dept_reporter,
                )
        outputs.append(run(day, 7))
        outputs.append(run(day, 17))
    return outputs


def inbox(user) -> list[tuple[str, str, date]]:  # type: ignore[no-untyped-def]
    return sorted((n.kind, n.subject, n.occasion_on) for n in Notice.objects.filter(recipient=user))


def test_each_kind_is_sent_once_to_the_right_people_across_twelve_days(world, receiver):
    world_hook = world["tree"].tq_skhcn.webhook
    world_hook.url = receiver.url
    world_hook.save()
    outputs = play(world)
    t, p = world["tasks"], world["people"]
    dept, commune, accepted = (f"task:{t[k].pk}" for k in ("dept", "commune", "accepted"))

    assert inbox(p.tq_dept_reporter) == [
        ("deadline_soon", dept, date(2025, 10, 20)),
        ("deadline_soon", dept, date(2025, 10, 26)),
        ("overdue", dept, date(2025, 10, 28)),
    ]
    assert inbox(p.commune_reporter) == [
        ("deadline_soon", commune, date(2025, 10, 17)),  # 7 days before: told on the first run
        ("deadline_soon", commune, date(2025, 10, 23)),
        ("overdue", commune, date(2025, 10, 25)),
    ]
    extension = t["dept"].extensions.get()
    assert inbox(p.tq_manager) == [
        ("awaiting_acceptance", accepted, date(2025, 10, 21)),
        ("digest", "digest", date(2025, 10, 20)),
        ("digest", "digest", date(2025, 10, 27)),
        ("extension_pending", f"extension:{extension.pk}", date(2025, 10, 22)),
    ]
    # Cao Bằng's manager: the digests of Cao Bằng only; its department has no reporter.
    assert inbox(p.cb_manager) == [
        ("digest", "digest", date(2025, 10, 20)),
        ("digest", "digest", date(2025, 10, 27)),
    ]
    for nobody in (p.central_analyst, p.outsider, world["left"]):
        assert inbox(nobody) == []
    # Muted "deadline coming": only the overdue alert, and no e-mail.
    assert inbox(world["quiet"]) == [("overdue", dept, date(2025, 10, 28))]

    # Never anyone outside the task's units.
    for n in Notice.objects.filter(task__isnull=False, recipient__isnull=False):
        assert may(n.recipient, Action.VIEW, n.task), n

    # The second run of each day sent nothing.
    for second in outputs[1::2]:
        assert "sent 0 notices" in second, second

    # E-mail: one message per person and run with something new; a digest on its own.
    sent_to = Counter(m.to[0] for m in mail.outbox)
    assert sent_to == {
        "skhcn@tuyenquang.gov.vn": 3,
        "lambinh@tuyenquang.gov.vn": 3,
        "vanphong@tuyenquang.gov.vn": 4,
        "vanphong@caobang.gov.vn": 2,
    }
    assert not Delivery.objects.exclude(status="sent").exists()
    reminder = next(m for m in mail.outbox if m.to == ["skhcn@tuyenquang.gov.vn"])
    assert f"https://steerco.example.gov.vn/tasks/{t['dept'].pk}/" in reminder.body
    assert reminder.alternatives[0][1] == "text/html"

    # The department's webhook: its three notices, each signed (the receiver checks).
    assert receiver.refused == 0
    assert sorted((r["kind"], r["occasion_on"]) for r in receiver.received) == [
        ("deadline_soon", "2025-10-20"),
        ("deadline_soon", "2025-10-26"),
        ("overdue", "2025-10-28"),
    ]
    assert receiver.received[0]["unit"]["code"] == "08-SKHCN"


def test_the_command_prints_what_it_sent_and_dry_run_records_nothing(world):
    dry = run(date(2025, 10, 20), 7, "--dry-run")
    assert "would send" in dry and "deadline_soon" in dry and "-> tq-skhcn" in dry
    assert not Notice.objects.exists() and not mail.outbox
    out = run(date(2025, 10, 20), 7)
    assert "-> tq-skhcn: Deadline in 7 days: 27/10/2025" in out
    assert Notice.objects.count() == dry.count("\n") - 1
    assert (
        run(date(2025, 10, 20), 8, "--dry-run")
        .splitlines()[-1]
        .startswith("remind 2025-10-20: would send 0 notices")
    )


def test_as_of_reports_a_past_day_from_the_history(world):
    out = run(date(2025, 10, 20), 7, "--as-of", "2025-10-26")
    assert "2025-10-26 deadline_soon" in out


def test_a_webhook_that_fails_is_retried_with_backoff_then_delivered(world, receiver):
    hook = world["tree"].tq_skhcn.webhook
    hook.url = receiver.url
    hook.save()
    receiver.fail_first = 2  # two refusals, then the third attempt of the run succeeds
    run(date(2025, 10, 20))
    assert len(receiver.received) == 1
    assert Delivery.objects.get(channel="webhook").status == "sent"


def test_a_webhook_down_for_the_whole_run_is_tried_again_at_a_later_run(world, settings):
    settings.STEERCO_WEBHOOK_RETRIES = 1
    run(date(2025, 10, 20))  # the address is closed
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.status == "pending" and delivery.next_attempt_at is not None
    assert delivery.last_error


def test_preferences_language_and_email_off(world):
    p = world["people"]
    preference_set(user=p.tq_dept_reporter, muted=[], email=True, digest_weekday=0, language="en")
    preference_set(user=p.commune_reporter, muted=[], email=False, digest_weekday=0, language="vi")
    run(date(2025, 10, 20))
    assert [m.to for m in mail.outbox if "lambinh" in m.to[0]] == []
    english = next(m for m in mail.outbox if m.to == ["skhcn@tuyenquang.gov.vn"])
    assert "Deadline in 7 days" in english.body
    assert Notice.objects.filter(recipient=p.commune_reporter).exists()  # the inbox still


def test_digest_on_the_day_the_manager_chose(world):
    p = world["people"]
    preference_set(user=p.tq_manager, muted=[], email=True, digest_weekday=2, language="vi")
    play(world, days=6)  # Saturday 18 to Thursday 23
    assert [
        n.occasion_on for n in Notice.objects.filter(recipient=p.tq_manager, kind="digest")
    ] == [date(2025, 10, 22)]
    digest = Notice.objects.get(recipient=p.tq_manager, kind="digest")
    section = digest.facts["units"][0]
    assert section["code"] == "08"
    assert section["pending_acceptance"]["count"] == 1
    assert section["pending_extensions"]["count"] == 1
    assert [t["reference"] for t in section["new_overdue"]["items"]] == []


def test_the_digest_lists_what_became_overdue_in_the_week(world):
    play(world, days=11)  # up to Tuesday 28: the digest of Monday 27
    p = world["people"]
    digest = (
        Notice.objects.filter(recipient=p.tq_manager, kind="digest").order_by("occasion_on").last()
    )
    section = digest.facts["units"][0]
    assert [t["reference"] for t in section["new_overdue"]["items"]] == ["2"]  # due on the 24th
    assert section["ranks"]["since"] == "2025-10-20"


def test_mark_read(world):
    run(date(2025, 10, 20))
    user = world["people"].tq_dept_reporter
    assert Notice.objects.unread_for(user).count() == 1
    assert notices_mark_read(user=user, now=at(date(2025, 10, 20), 10)) == 1
    assert Notice.objects.unread_for(user).count() == 0


def test_remind_service_is_idempotent_for_the_same_day(world):
    with time_machine.travel(at(date(2025, 10, 20), 7), tick=False):
        first = remind(as_of=date(2025, 10, 20))
        again = remind(as_of=date(2025, 10, 20))
    assert first.notices and not again.notices


def test_a_recurring_report_is_reminded_before_the_cut_off_once_and_not_after_a_report(
    tree, people
):
    with time_machine.travel(at(date(2025, 11, 1), 8), tick=False):
        plan = make_directive(tree.tuyen_quang, symbol="30-KH/UBND")
        monthly = make_task(plan, tree.tq_skhcn, recurring=True, cadence="month", reference="1")
        reported = make_task(plan, tree.lam_binh, recurring=True, cadence="month", reference="2")
    for day in range(9, 16):
        if day == 10:
            with time_machine.travel(at(date(2025, 11, 10), 9), tick=False):
                progress_report(task=reported, reported_on=date(2025, 11, 10), state="in_progress")
        run(date(2025, 11, day), 7)
        run(date(2025, 11, day), 18)
    assert inbox(people.tq_dept_reporter) == [
        ("report_due", f"task:{monthly.pk}", date(2025, 11, 14))
    ]
    assert inbox(people.commune_reporter) == []  # reported on the 10th, within the period
    assert Notice.objects.get(recipient=people.tq_dept_reporter).created_at.date() == date(
        2025, 11, 11
    )


def test_a_new_task_is_announced_to_its_unit_once(tree, people):
    with time_machine.travel(at(date(2025, 11, 3), 8), tick=False):
        plan = make_directive(tree.tuyen_quang, symbol="31-KH/UBND")
        task = make_task(
            plan, tree.lam_binh, due_on=date(2026, 3, 31), assigned_on=date(2025, 11, 3)
        )
    for day in (3, 4, 5):
        run(date(2025, 11, day))
    assert inbox(people.commune_reporter) == [("assigned", f"task:{task.pk}", date(2025, 11, 3))]
    assert inbox(people.tq_dept_reporter) == []
