"""Progress history: append-only, one update per submission, the task's cache in step."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, transaction

from steerco.directives.models import Task
from steerco.progress import services
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import ProgressUpdate
from tests.factories import make_directive, make_task

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def clock(time_machine):
    """`clock(day)`: it is 10:00 on `day` in Hà Nội (the configured TIME_ZONE)."""

    def move(day: date) -> None:
        time_machine.move_to(datetime.combine(day, time(10), tzinfo=HANOI), tick=False)

    move(date(2025, 6, 20))
    return move


@pytest.fixture
def task(tree, clock):
    return make_task(make_directive(tree.committee), tree.tq_skhcn, due_on=date(2025, 6, 30))


def class_of(task, as_of):  # type: ignore[no-untyped-def]
    return classify_tasks(Task.objects.filter(pk=task.pk), as_of).get().task_class


def test_a_report_updates_the_tasks_current_state_in_the_same_transaction(task):
    services.progress_report(
        task=task, reported_on=date(2025, 6, 1), state="in_progress", percent=40
    )
    task.refresh_from_db()
    assert (task.state, task.percent, task.last_reported_on) == (
        "in_progress",
        40,
        date(2025, 6, 1),
    )


def test_history_rows_cannot_be_rewritten_in_the_database(task):
    update = services.progress_report(task=task, reported_on=date(2025, 6, 1), state="in_progress")
    with pytest.raises(DatabaseError), transaction.atomic():
        ProgressUpdate.objects.filter(pk=update.pk).update(percent=99)


def test_the_same_submission_twice_creates_one_update(task):
    first = services.progress_report(
        task=task, reported_on=date(2025, 6, 1), state="in_progress", idempotency_key="k-1"
    )
    second = services.progress_report(
        task=task, reported_on=date(2025, 6, 1), state="in_progress", idempotency_key="k-1"
    )
    assert first.pk == second.pk
    assert task.updates.count() == 1


def test_an_update_cannot_speak_for_a_date_before_the_latest_one(task):
    services.progress_report(task=task, reported_on=date(2025, 6, 1), state="in_progress")
    with pytest.raises(services.ProgressError) as err:
        services.progress_report(task=task, reported_on=date(2025, 5, 20), state="completed")
    assert err.value.field == "reported_on"
    assert task.updates.count() == 1


def test_a_recurring_task_cannot_be_completed(tree, clock):
    task = make_task(
        make_directive(tree.committee), tree.tq_skhcn, recurring=True, cadence="quarter"
    )
    with pytest.raises(services.ProgressError) as err:
        services.progress_report(task=task, reported_on=date(2025, 6, 1), state="completed")
    assert err.value.field == "state"


def test_percent_out_of_range_names_the_field(task):
    with pytest.raises(services.ProgressError) as err:
        services.progress_report(
            task=task, reported_on=date(2025, 6, 1), state="in_progress", percent=120
        )
    assert err.value.field == "percent"


def test_an_approved_extension_moves_the_deadline_and_keeps_the_original_on_record(task):
    ext = services.extension_request(
        task=task,
        requested_on=date(2025, 6, 1),
        new_due_on=date(2025, 9, 30),
        reason="Chờ bố trí kinh phí",
    )
    services.extension_decide(extension=ext, approve=True, decided_on=date(2025, 6, 5))
    task.refresh_from_db()
    ext.refresh_from_db()
    assert task.due_on == date(2025, 9, 30)
    assert task.original_due_on == date(2025, 6, 30)
    assert ext.previous_due_on == date(2025, 6, 30)


def test_a_rejected_extension_leaves_the_deadline(task):
    ext = services.extension_request(
        task=task,
        requested_on=date(2025, 6, 1),
        new_due_on=date(2025, 9, 30),
        reason="Chờ bố trí kinh phí",
    )
    services.extension_decide(extension=ext, approve=False, decided_on=date(2025, 6, 5))
    task.refresh_from_db()
    assert task.due_on == date(2025, 6, 30)
    with pytest.raises(services.ProgressError):
        services.extension_decide(extension=ext, approve=True, decided_on=date(2025, 6, 6))


def test_acceptance_and_return_are_recorded_in_the_history(tree, clock):
    task = make_task(make_directive(tree.committee, requires_acceptance=True), tree.tq_skhcn)
    clock(date(2025, 6, 12))
    services.progress_report(
        task=task, reported_on=date(2025, 6, 1), state="completed", product_symbol="123/QĐ-UBND"
    )
    services.completion_return(task=task, decided_on=date(2025, 6, 3), reason="Thiếu phụ lục")
    services.progress_report(task=task, reported_on=date(2025, 6, 10), state="completed")
    services.completion_accept(task=task, decided_on=date(2025, 6, 12))
    kinds = list(task.updates.order_by("id").values_list("kind", flat=True))
    assert kinds == ["report", "returned", "report", "accepted"]
    task.refresh_from_db()
    assert (task.completed_on, task.accepted_on) == (date(2025, 6, 10), date(2025, 6, 12))


def test_a_completion_cannot_be_accepted_twice(tree, clock):
    task = make_task(make_directive(tree.committee, requires_acceptance=True), tree.tq_skhcn)
    services.progress_report(task=task, reported_on=date(2025, 6, 1), state="completed")
    services.completion_accept(task=task, decided_on=date(2025, 6, 2))
    with pytest.raises(services.ProgressError):
        services.completion_accept(task=task, decided_on=date(2025, 6, 3))


def test_a_cancelled_task_takes_no_more_updates(task):
    services.task_cancel(
        task=task, cancelled_on=date(2025, 4, 1), reason="Nhiệm vụ không còn phù hợp"
    )
    with pytest.raises(services.ProgressError):
        services.progress_report(task=task, reported_on=date(2025, 4, 2), state="in_progress")


def test_a_form_key_already_used_for_another_task_is_refused_and_records_nothing(task):
    other = make_task(task.directive, task.lead_unit, due_on=date(2025, 12, 31))
    services.progress_report(
        task=task, reported_on=date(2025, 6, 1), state="in_progress", idempotency_key="k-9"
    )
    with pytest.raises(services.ProgressError) as err:
        services.progress_report(
            task=other, reported_on=date(2025, 6, 1), state="completed", idempotency_key="k-9"
        )
    assert err.value.field == "idempotency_key"
    other.refresh_from_db()
    assert other.updates.count() == 0 and other.state == "not_started"


# --- The date an update speaks for (Trust I, finding 3) ---


def test_an_update_dated_after_today_is_refused_and_the_task_stays_open(task, clock):
    """Dated 2099, it would be the latest update for ever: every later report, acceptance
    and return would come "before" it."""
    with pytest.raises(services.ProgressError) as err:
        services.progress_report(task=task, reported_on=date(2099, 1, 1), state="completed")
    assert err.value.field == "reported_on"
    assert task.updates.count() == 0
    services.progress_report(task=task, reported_on=date(2025, 6, 20), state="completed")
    task.refresh_from_db()
    assert task.state == "completed"


def test_a_decision_dated_after_today_is_refused(tree, clock):
    task = make_task(make_directive(tree.committee, requires_acceptance=True), tree.tq_skhcn)
    services.progress_report(task=task, reported_on=date(2025, 6, 19), state="completed")
    with pytest.raises(services.ProgressError) as err:
        services.completion_accept(task=task, decided_on=date(2025, 6, 21))
    assert err.value.field == "reported_on"
    services.completion_accept(task=task, decided_on=date(2025, 6, 20))
    task.refresh_from_db()
    assert task.accepted_on == date(2025, 6, 20)


def test_a_reporter_may_date_an_update_45_days_back_but_not_46(task, people, tree, clock):
    def send(day):  # type: ignore[no-untyped-def]
        return services.progress_report(
            task=task,
            reported_on=day,
            state="in_progress",
            author=people.tq_dept_reporter,
            unit=tree.tq_skhcn,
        )

    with pytest.raises(services.ProgressError) as err:
        send(date(2025, 5, 5))  # 46 days before 20 June
    assert err.value.field == "reported_on"
    assert not send(date(2025, 5, 6)).backdated_by_manager  # 45 days


def test_a_manager_may_date_an_update_further_back_and_the_history_says_so(tree, people, clock):
    task = make_task(make_directive(tree.tuyen_quang), tree.tq_skhcn)
    update = services.progress_report(
        task=task, reported_on=date(2025, 3, 1), state="in_progress", author=people.tq_manager
    )
    assert update.backdated_by_manager
    assert ProgressUpdate.objects.get(pk=update.pk).backdated_by_manager


def test_a_completion_recorded_more_than_7_days_after_its_date_counts_once_accepted(task, clock):
    """An overdue task cannot become "done on time" by a completion dated, after the
    fact, before its deadline (30 June): it counts from the manager's acceptance."""
    clock(date(2025, 7, 20))
    assert class_of(task, date(2025, 7, 20)) == "overdue"
    update = services.progress_report(task=task, reported_on=date(2025, 6, 28), state="completed")
    assert update.needs_acceptance
    task.refresh_from_db()
    assert (task.state, task.counted_completed_on) == ("completed", None)
    assert class_of(task, date(2025, 7, 20)) == "overdue"
    clock(date(2025, 7, 22))
    services.completion_accept(task=task, decided_on=date(2025, 7, 22))
    assert class_of(task, date(2025, 7, 22)) == "done_late"
    services.progress_report(task=task, reported_on=date(2025, 7, 22), state="completed")
    task.refresh_from_db()
    assert task.counted_completed_on == date(2025, 7, 22)  # a further report changes nothing


def test_a_completion_recorded_within_7_days_counts_from_its_own_date(task, clock):
    clock(date(2025, 7, 7))
    update = services.progress_report(task=task, reported_on=date(2025, 6, 30), state="completed")
    assert not update.needs_acceptance
    assert class_of(task, date(2025, 7, 7)) == "done_on_time"


def test_a_late_completion_can_be_returned(task, clock):
    clock(date(2025, 7, 20))
    services.progress_report(task=task, reported_on=date(2025, 6, 28), state="completed")
    services.completion_return(task=task, decided_on=date(2025, 7, 20), reason="Chưa có sản phẩm")
    task.refresh_from_db()
    assert (task.state, task.counted_completed_on) == ("in_progress", None)


# --- Coordinating units (Trust I, finding 4) ---


@pytest.fixture
def shared(tree, clock):
    task = make_task(
        make_directive(tree.committee),
        tree.tq_skhcn,
        due_on=date(2025, 6, 30),
        coordinating_units=[tree.tq_stc],
    )
    services.progress_report(
        task=task, reported_on=date(2025, 6, 10), state="in_progress", percent=40
    )
    return task


def test_a_coordinating_unit_cannot_complete_the_lead_units_task(shared, tree):
    with pytest.raises(services.ProgressError) as err:
        services.progress_report(
            task=shared, reported_on=date(2025, 6, 20), state="completed", unit=tree.tq_stc
        )
    assert err.value.field == "state"
    assert "Sở Khoa học và Công nghệ" in str(err.value)  # names the lead unit
    with pytest.raises(services.ProgressError) as err:
        services.progress_report(
            task=shared,
            reported_on=date(2025, 6, 20),
            state="in_progress",
            percent=90,
            unit=tree.tq_stc,
        )
    assert err.value.field == "percent"
    shared.refresh_from_db()
    assert (shared.state, shared.percent, shared.updates.count()) == ("in_progress", 40, 1)


def test_a_coordinating_units_contribution_is_recorded_with_the_tasks_state(shared, tree):
    update = services.progress_report(
        task=shared, reported_on=date(2025, 6, 20), unit=tree.tq_stc, done="Đã bố trí kinh phí"
    )
    assert (update.unit, update.state, update.percent) == (tree.tq_stc, "in_progress", 40)
    shared.refresh_from_db()
    assert (shared.state, shared.percent) == ("in_progress", 40)


def test_the_lead_unit_still_completes_its_task(shared, tree):
    services.progress_report(
        task=shared, reported_on=date(2025, 6, 20), state="completed", unit=tree.tq_skhcn
    )
    shared.refresh_from_db()
    assert shared.state == "completed"


# --- Idempotency keys (Trust I, finding 8) ---


def test_a_form_key_used_by_another_user_is_refused_and_records_nothing(task, tree, people):
    first = services.progress_report(
        task=task,
        reported_on=date(2025, 6, 1),
        state="in_progress",
        percent=40,
        author=people.tq_dept_reporter,
        idempotency_key="k-7",
    )
    with pytest.raises(services.ProgressError) as err:
        services.progress_report(
            task=task,
            reported_on=date(2025, 6, 2),
            state="in_progress",
            percent=60,
            author=people.tq_manager,
            idempotency_key="k-7",
        )
    assert err.value.field == "idempotency_key"
    assert list(task.updates.all()) == [first]
    again = services.progress_report(
        task=task,
        reported_on=date(2025, 6, 1),
        state="in_progress",
        percent=40,
        author=people.tq_dept_reporter,
        idempotency_key="k-7",
    )
    assert again == first  # the same user's repeat is the same update
