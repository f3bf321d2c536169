"""The budget's writes: estimates, allocations with their planned months, disbursements
within what was allocated; who may record them."""

from datetime import date

import pytest

from steerco.budget import services
from steerco.budget.amounts import AmountError, parse_amount
from steerco.budget.models import Disbursement, Estimate, PlannedDisbursement
from steerco.budget.permissions import may_record
from steerco.budget.services import BudgetError, even_plan
from tests.factories import make_directive, make_task

TODAY = date(2025, 11, 20)


@pytest.fixture
def task(tree):
    return make_task(make_directive(tree.tuyen_quang), tree.tq_skhcn)


def allocate(task, amount, *, decided_on=date(2025, 3, 15), **kw):
    return services.allocation_record(
        task=task,
        source="provincial",
        year=2025,
        decision_symbol="123/QĐ-UBND",
        decided_on=decided_on,
        amount=amount,
        today=TODAY,
        **kw,
    )


def pay(task, amount, *, paid_on=date(2025, 6, 1), **kw):
    return services.disbursement_record(
        task=task,
        source="provincial",
        year=2025,
        paid_on=paid_on,
        amount=amount,
        voucher=kw.pop("voucher", "PC-01"),
        today=TODAY,
        **kw,
    )


def plan_of(allocation):
    return [(p.month, p.amount) for p in PlannedDisbursement.objects.filter(allocation=allocation)]


def test_a_billion_decided_on_15_march_spreads_100_million_over_march_to_december(task):
    allocation = allocate(task, 1_000_000_000, decided_on=date(2025, 3, 15))
    assert plan_of(allocation) == [(date(2025, m, 1), 100_000_000) for m in range(3, 13)]


def test_ten_dong_over_three_months_plans_3_3_4():
    months = [date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)]
    assert list(even_plan(10, months).values()) == [3, 3, 4]
    assert list(even_plan(-10, months).values()) == [-3, -3, -4]


def test_a_decision_taken_the_year_before_spreads_over_the_whole_year(task):
    allocation = allocate(task, 12_000, decided_on=date(2024, 12, 20))
    assert plan_of(allocation) == [(date(2025, m, 1), 1_000) for m in range(1, 13)]


def test_an_explicit_plan_must_lie_in_the_year_and_sum_to_the_amount(task):
    with pytest.raises(BudgetError) as error:
        allocate(task, 100, planned={date(2025, 6, 1): 60, date(2025, 7, 1): 30})
    assert error.value.field == "planned"
    with pytest.raises(BudgetError) as error:
        allocate(task, 100, planned={date(2025, 6, 1): 60, date(2026, 1, 1): 40})
    assert error.value.field == "planned"
    allocation = allocate(task, 100, planned={date(2025, 6, 1): 60, date(2025, 9, 1): 40})
    assert plan_of(allocation) == [(date(2025, 6, 1), 60), (date(2025, 9, 1), 40)]


def test_amounts_up_to_ten_to_the_fifteen_survive_exactly(task):
    amount = 10**15 - 7
    allocation = allocate(task, amount)
    assert sum(a for _m, a in plan_of(allocation)) == amount
    pay(task, amount - 1)
    assert Disbursement.objects.get(task=task).amount == 999_999_999_999_992
    with pytest.raises(BudgetError):
        allocate(task, 10**15 + 1)


def test_a_revised_estimate_is_a_new_row_and_the_old_one_stays(task):
    services.estimate_record(task=task, source="oda", year=2025, amount=5_000_000_000)
    services.estimate_record(task=task, source="oda", year=2025, amount=4_500_000_000)
    assert list(Estimate.objects.filter(task=task).values_list("amount", flat=True)) == [
        5_000_000_000,
        4_500_000_000,
    ]
    with pytest.raises(BudgetError) as error:
        services.estimate_record(task=task, source="oda", year=2025, amount=-1)
    assert error.value.field == "amount"


def test_a_payment_beyond_the_allocation_is_refused_unless_allowed_with_a_note(task):
    allocate(task, 1_000)
    pay(task, 800)
    with pytest.raises(BudgetError) as error:
        pay(task, 300)
    assert error.value.field == "amount"
    with pytest.raises(BudgetError) as error:
        pay(task, 300, over_allocation=True)
    assert error.value.field == "note"
    pay(task, 300, over_allocation=True, note="Tạm ứng trước khi có quyết định bổ sung")
    assert services.disbursed_total(task, "provincial", 2025) == 1_100


def test_a_reversal_cannot_take_disbursed_below_zero(task):
    allocate(task, 1_000)
    pay(task, 400)
    pay(task, -400, voucher="PC-01-HUY")
    with pytest.raises(BudgetError) as error:
        pay(task, -1)
    assert error.value.field == "amount"


def test_a_payment_before_the_decision_or_in_the_future_is_refused(task):
    allocate(task, 1_000, decided_on=date(2025, 3, 15))
    with pytest.raises(BudgetError) as error:
        pay(task, 100, paid_on=date(2025, 3, 14))
    assert error.value.field == "paid_on"
    with pytest.raises(BudgetError) as error:
        pay(task, 100, paid_on=date(2025, 11, 21))
    assert error.value.field == "paid_on"


def test_a_withdrawal_may_not_go_below_what_was_disbursed(task):
    allocate(task, 1_000)
    pay(task, 700)
    with pytest.raises(BudgetError) as error:
        allocate(task, -400, decided_on=date(2025, 9, 1))
    assert error.value.field == "amount"
    withdrawal = allocate(task, -300, decided_on=date(2025, 9, 1))
    assert [a for _m, a in plan_of(withdrawal)] == [-75, -75, -75, -75]


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1.234.567", 1_234_567), ("1,5 tỷ", 1_500_000_000), ("500 triệu", 500_000_000)],
)
def test_amounts_are_read_as_people_write_them(text, amount):
    assert parse_amount(text) == amount


def test_a_minus_sign_is_read_only_where_a_reversal_is_allowed():
    assert parse_amount("-500 triệu", allow_negative=True) == -500_000_000
    with pytest.raises(AmountError):
        parse_amount("-500 triệu")
    with pytest.raises(AmountError):
        parse_amount(1.5)


def test_who_may_record_money(tree, people, task):
    assert may_record(people.tq_manager, "allocation", task)
    assert may_record(people.tq_manager, "disbursement", task)
    assert may_record(people.tq_dept_reporter, "disbursement", task)
    assert not may_record(people.tq_dept_reporter, "allocation", task)
    assert not may_record(people.commune_reporter, "disbursement", task)
    assert not may_record(people.cb_manager, "estimate", task)
    assert not may_record(people.central_analyst, "disbursement", task)
