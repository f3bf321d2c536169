"""`steerco demo load` on the full Vietnamese tree: Tuyên Quang's published figures as
of 2025-10-20, idempotence, a meaningful ranking, the demo accounts, determinism, and
history rows identical to what the progress services write.

The full tree and the demo are loaded once for the module, inside a transaction that
is rolled back afterwards, so other test modules see an empty database."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum

from steerco.budget.models import (
    Allocation,
    Disbursement,
    Estimate,
    FundingSource,
    PlannedDisbursement,
)
from steerco.demo import dataset, people, selectors
from steerco.demo.dataset import NOTICE, PLAN_02, REFERENCE_DAY, RESOLUTION_71
from steerco.demo.loading import unit_index
from steerco.directives.models import TASK_CACHE_FIELDS, Directive, Responsibility, Task
from steerco.directives.services import task_create
from steerco.lib.vietnamese import fold
from steerco.people.models import Person
from steerco.progress import services
from steerco.progress.models import Extension, ExtensionStatus, ProgressUpdate, UpdateKind
from steerco.scoring.peers import peer_set
from steerco.scoring.people import calendar_year, person_scorecard
from steerco.scoring.ranking_table import ranking
from steerco.scoring.scope import scope_for
from steerco.scoring.selectors import class_counts
from steerco.units.models import Membership, Unit

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# The digest of every task and history row up to 2025-10-20. It changes only when the
# dataset is changed on purpose; then update it here in the same commit.
CHECKSUM_2025_10_20 = "9f27519acdf609305dfa7df6310e67dfc09e1ac01b3c794497b5265900b797a7"


@pytest.fixture(scope="module")
def demo(demo_dataset):
    return demo_dataset


def tuyen_quang() -> Unit:
    return Unit.objects.get(code="08")


def counts(symbol: str, as_of: date):
    return class_counts(
        unit=tuyen_quang(), as_of=as_of, scope=scope_for(Directive.objects.get(symbol=symbol))
    )


def scorecard_json(symbol: str, previous: str) -> dict:
    out = StringIO()
    call_command(
        "scorecard",
        "--unit",
        "08",
        "--as-of",
        "2025-10-20",
        "--directive",
        symbol,
        "--previous",
        previous,
        "--json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def test_load_reports_what_it_built(demo):
    assert "directives" in demo and "tasks" in demo and "progress updates" in demo
    assert "database size" in demo


def test_tuyen_quang_plan_02_has_25_tasks_24_completed_1_on_track(demo):
    c = counts(PLAN_02, REFERENCE_DAY)
    assert (c.total, c.completed, c.on_track, c.overdue, c.regular) == (25, 24, 1, 0, 0)


def test_tuyen_quang_resolution_71_has_20_tasks_12_completed_8_on_track(demo):
    c = counts(RESOLUTION_71, REFERENCE_DAY)
    assert (c.total, c.completed, c.on_track, c.overdue, c.regular) == (20, 12, 8, 0, 0)


def test_tuyen_quang_notice_has_102_tasks_41_completed_61_on_track_and_78_before(demo):
    c = counts(NOTICE, REFERENCE_DAY)
    assert (c.total, c.completed, c.on_track, c.overdue, c.regular) == (102, 41, 61, 0, 0)
    assert counts(NOTICE, date(2025, 9, 14)).total == 78
    assert counts(NOTICE, date(2025, 9, 30)).total == 78


def test_scorecard_command_prints_the_same_figures(demo):
    plan = scorecard_json(PLAN_02, "2025-09-14")
    assert (plan["total"], plan["completed"], plan["on_track"], plan["overdue"]) == (25, 24, 1, 0)
    res = scorecard_json(RESOLUTION_71, "2025-09-14")
    assert (res["total"], res["completed"], res["on_track"], res["overdue"]) == (20, 12, 8, 0)
    for previous in ("2025-09-14", "2025-09-30"):
        notice = scorecard_json(NOTICE, previous)
        assert (notice["total"], notice["completed"], notice["on_track"], notice["overdue"]) == (
            102,
            41,
            61,
            0,
        )
        assert notice["previous"]["total"] == 78


def test_second_load_changes_nothing(demo):
    before = (
        Directive.objects.count(),
        Task.objects.count(),
        ProgressUpdate.objects.count(),
        Extension.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
    )
    out = StringIO()
    call_command("demo", "load", stdout=out)
    assert "already loaded" in out.getvalue()
    after = (
        Directive.objects.count(),
        Task.objects.count(),
        ProgressUpdate.objects.count(),
        Extension.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
    )
    assert after == before


def test_provinces_differ_in_the_ranking(demo):
    _, provinces = peer_set("provinces")
    rows = ranking(provinces, REFERENCE_DAY)
    rates = [r.value for r in rows]
    assert len(rows) == 34 and None not in rates
    assert len(set(rates)) >= 30
    assert max(rates) - min(rates) > 0.25
    records = {(r.counts.total, r.counts.completed, r.counts.overdue) for r in rows}
    assert len(records) == 34
    assert len({r.counts.overdue for r in rows}) > 10


@pytest.mark.parametrize(
    ("username", "unit_code", "role"),
    [
        ("central", "TW", "viewer"),
        ("tq-manager", "08", "manager"),
        ("tq-skhcn", "08-SKHCN", "reporter"),
        ("cb-manager", "04", "manager"),
    ],
)
def test_demo_accounts_hold_their_roles(demo, username, unit_code, role):
    user = get_user_model().objects.get(username=username)
    assert user.check_password("demo")
    assert list(user.memberships.values_list("unit__code", "role")) == [(unit_code, role)]


def test_lam_binh_reporter_and_admin(demo):
    user = get_user_model().objects.get(username="tq-lambinh")
    (membership,) = user.memberships.select_related("unit__parent")
    assert (membership.unit.name, membership.unit.parent.code, membership.role) == (
        "Xã Lâm Bình",
        "08",
        "reporter",
    )
    assert Task.objects.filter(lead_unit=membership.unit).exists()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password("demo")


def test_dataset_is_deterministic_up_to_the_reference_day(demo):
    index = unit_index()
    early = dataset.checksum(dataset.build_plan(index, date(2025, 12, 1)))
    late = dataset.checksum(dataset.build_plan(index, date(2026, 11, 23)))
    assert early == late == selectors.checksum() == CHECKSUM_2025_10_20


def test_dataset_has_what_a_demo_needs(demo):
    tq = Task.objects.in_subtree(tuyen_quang())
    assert tq.not_five_clear().exists()
    assert tq.filter(recurring=True).exclude(cadence="").exists()
    assert tq.filter(parent__isnull=False, lead_unit__kind="commune").exists()
    assert tq.filter(parent__isnull=False, lead_unit__kind="department").exists()
    kinds = set(ProgressUpdate.objects.values_list("kind", flat=True).distinct())
    assert kinds == set(UpdateKind.values)
    statuses = set(Extension.objects.values_list("decision__status", flat=True).distinct())
    assert {ExtensionStatus.APPROVED, ExtensionStatus.REJECTED} <= statuses
    texts = set(Task.objects.values_list("deadline_text", flat=True))
    assert {"Thường xuyên", "Năm 2025", "Quý II/2025", "30/6/2025"} <= texts


def _replay_through_services(original: Task) -> Task:
    """Write `original`'s history again, through the services, on a fresh copy of it."""
    copy = task_create(
        directive=original.directive,
        content=original.content,
        lead_unit=original.lead_unit,
        assigned_on=original.assigned_on,
        assigned_by=original.assigned_by,
        deadline_text=original.deadline_text,
        due_on=original.original_due_on,
        recurring=original.recurring,
        cadence=original.cadence,
        reference=f"copy-{original.pk}",
    )
    ops = [(u.reported_on, 0, u.pk, "update", u) for u in original.updates.all()]
    for x in original.extensions.select_related("decision"):
        ops.append((x.requested_on, 1, x.pk, "request", x))
        if x.decided_on:
            ops.append((x.decided_on, 2, x.pk, "decide", x))
    requests = {}
    # A request filed after the deadline is a manager's, with the reason it comes late.
    manager, _created = get_user_model().objects.get_or_create(
        username="demo-replay-manager", defaults={"is_superuser": True}
    )
    for _, _, _, what, obj in sorted(ops, key=lambda op: op[:3]):
        if what == "request":
            requests[obj.pk] = services.extension_request(
                task=copy,
                requested_on=obj.requested_on,
                new_due_on=obj.new_due_on,
                reason=obj.reason,
                author=manager,
                late_reason="Ghi nhận lại lịch sử",
            )
        elif what == "decide":
            services.extension_decide(
                extension=requests[obj.pk],
                approve=obj.status == ExtensionStatus.APPROVED,
                decided_on=obj.decided_on,
            )
        elif obj.kind == UpdateKind.ACCEPTED:
            services.completion_accept(task=copy, decided_on=obj.reported_on)
        elif obj.kind == UpdateKind.RETURNED:
            services.completion_return(task=copy, decided_on=obj.reported_on, reason=obj.note)
        elif obj.kind == UpdateKind.CANCELLED:
            services.task_cancel(task=copy, cancelled_on=obj.reported_on, reason=obj.note)
        else:
            services.progress_report(
                task=copy,
                reported_on=obj.reported_on,
                state=obj.state,
                percent=obj.percent,
                recorded_at=obj.recorded_at,
            )
    copy.refresh_from_db()
    return copy


ROW_FIELDS = (
    "kind",
    "reported_on",
    "state",
    "percent",
    "completed_on",
    "accepted_on",
    "counted_completed_on",
    "backdated_by_manager",
    "needs_acceptance",
)
CACHE_FIELDS = TASK_CACHE_FIELDS


def test_history_rows_are_what_the_services_write(demo):
    tasks = Task.objects.select_related("directive", "lead_unit", "assigned_by")
    sample = (
        {tasks.filter(updates__kind=kind).order_by("pk").first() for kind in UpdateKind.values}
        | {
            tasks.filter(extensions__in=Extension.objects.with_status(status))
            .order_by("pk")
            .first()
            for status in ExtensionStatus.values
        }
        | set(tasks.in_subtree(tuyen_quang()).order_by("pk")[::15])
    )
    sample.discard(None)
    assert len(sample) > 10
    for original in sample:
        copy = _replay_through_services(original)
        assert list(copy.updates.values_list(*ROW_FIELDS)) == list(
            original.updates.values_list(*ROW_FIELDS)
        )
        assert [getattr(copy, f) for f in CACHE_FIELDS] == [
            getattr(original, f) for f in CACHE_FIELDS
        ]
        assert list(copy.extensions.values_list("previous_due_on", "decision__status")) == list(
            original.extensions.values_list("previous_due_on", "decision__status")
        )


# --- people and money (issue 21) ---------------------------------------------------------


def test_every_task_has_an_official_or_the_role_its_plan_wrote(demo):
    assert not Task.objects.filter(responsibilities__isnull=True).exists()
    roles = Task.objects.filter(responsible__isnull=True)
    assert roles.count() == len(people.ROLE_TEXT_PROVINCES)  # the text fallback, on purpose
    assert set(roles.values_list("responsible_person", flat=True)) == {people.ROLE_TEXT}
    named = Task.objects.filter(responsible__isnull=False).select_related("responsible")
    for task in named.order_by("pk")[::97]:
        assert task.responsible_person == task.responsible.full_name
        assert fold(task.responsible.full_name) in task.search_text  # the search finds them
    assert named.filter(deputy__isnull=False).count() > named.count() // 4


def test_officials_have_vietnamese_names_and_positions(demo):
    officials = Person.objects.all()
    names = list(officials.values_list("full_name", "name_folded"))
    assert len(names) > 4000
    assert sum(fold(n) != n.lower() for n, _ in names) > 0.8 * len(names)  # diacritics
    assert all(folded == fold(n) for n, folded in names[::50])
    assert {n.split()[0] for n, _ in names} >= {"Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Bùi"}
    positions = set(officials.values_list("position", flat=True))
    assert {
        "Giám đốc Sở Khoa học và Công nghệ",
        "Phó Giám đốc Sở Tài chính",
        "Trưởng phòng Kế hoạch - Tài chính",
        "Phó Chủ tịch UBND xã Lâm Bình",
        "Công chức Văn phòng - Thống kê",
        "Phó Chủ tịch UBND tỉnh",
    } <= positions


def test_some_tasks_change_hands_in_mid_year_and_every_row_keeps_the_rules(demo):
    moved = Responsibility.objects.exclude(note="").select_related("task")
    assert {r.since for r in moved} == set(people.TRANSFER_DAYS)
    assert moved.count() > 60
    rows = Responsibility.objects.select_related("person__unit", "deputy", "task__lead_unit")
    for row in rows.order_by("pk")[::41]:  # what responsibility_record checks
        if row.person is not None:
            lead, unit = row.task.lead_unit, row.person.unit
            assert lead.contains(unit) or unit.contains(lead)
            assert row.person.active_on(row.since) and row.deputy != row.person


def test_programmes_have_budgets_that_units_disburse_at_different_paces(demo):
    estimates = Estimate.objects.all()
    assert set(estimates.values_list("source", flat=True)) == set(FundingSource.values)
    assert set(estimates.values_list("task__directive__kind", flat=True)) == {"programme"}
    programme = Task.objects.filter(directive__kind="programme")
    assert (
        0.2
        < programme.filter(budget_estimates__isnull=False).distinct().count() / programme.count()
        < 0.6
    )
    amounts = list(estimates.values_list("amount", flat=True))
    assert 10**8 <= min(amounts) and max(amounts) < 5 * 10**10
    symbols = Allocation.objects.values_list("decision_symbol", flat=True)
    assert all(s.endswith("/QĐ-UBND") for s in symbols)
    assert Disbursement.objects.filter(paid_on__year=2025, year=2025).count() > 1000
    paid = Disbursement.objects.values("task", "source", "year").annotate(s=Sum("amount"))
    allocated = {
        (a["task"], a["source"], a["year"]): a["s"]
        for a in Allocation.objects.values("task", "source", "year").annotate(s=Sum("amount"))
    }
    assert all(p["s"] <= allocated[p["task"], p["source"], p["year"]] for p in paid)

    def by_lead_unit(model):  # 2025's totals by lead unit
        rows = model.objects.filter(year=2025).values_list("task__lead_unit")
        return dict(rows.annotate(s=Sum("amount")))

    disbursed, allocated_2025 = by_lead_unit(Disbursement), by_lead_unit(Allocation)
    by_unit = {u: disbursed.get(u, 0) / allocated_2025[u] for u in allocated_2025}
    assert min(by_unit.values()) < 0.5 and max(by_unit.values()) > 0.9


def test_planned_months_sum_to_each_allocation(demo):
    allocations = Allocation.objects.annotate(planned_sum=Sum("planned__amount"))
    assert allocations.count() > 500
    assert all(a.planned_sum == a.amount for a in allocations)
    assert not PlannedDisbursement.objects.exclude(month__day=1).exists()


@pytest.mark.parametrize(
    "username", ["central", "tq-manager", "tq-skhcn", "tq-lambinh", "cb-manager"]
)
def test_each_persona_is_an_official_with_tasks_in_2026_and_transfers(demo, username):
    person = Person.objects.get(user__username=username)
    today = date.today()  # noqa: DTZ011 - the demo runs to the local today
    card = person_scorecard(person=person, period=calendar_year(2026), today=today)
    classes = {t.task_class for t in card.tasks}
    assert len(card.tasks) >= 2 and len(classes) >= 2, (username, classes)
    if username != "central" and today >= people.TRANSFER_DAYS[-1]:  # alone in their unit
        assert card.transferred_in and card.transferred_out
