from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from steerco.budget.figures import (
    AllocationRow,
    DisbursementRow,
    EstimateRow,
    Figures,
    cumulative,
    months_of_year,
    percent,
    slowest,
    task_figures,
)

AS_OF = date(2025, 6, 20)


def test_a_task_allocated_ten_billion_and_paid_four_has_disbursed_forty_percent() -> None:
    f = task_figures(
        estimates=[EstimateRow("provincial", 2025, 12 * 10**9, date(2025, 1, 5), 1)],
        allocations=[
            AllocationRow(
                "provincial",
                2025,
                10 * 10**9,
                date(2025, 2, 1),
                (
                    (date(2025, 3, 1), 2 * 10**9),
                    (date(2025, 6, 1), 3 * 10**9),
                    (date(2025, 9, 1), 5 * 10**9),
                ),
            )
        ],
        disbursements=[DisbursementRow("provincial", 2025, 4 * 10**9, date(2025, 5, 2))],
        as_of=AS_OF,
    )
    assert f == Figures(12 * 10**9, 10 * 10**9, 4 * 10**9, 5 * 10**9)
    assert f.rate == Fraction(2, 5)
    assert percent(f.rate) == Decimal("40.0")
    assert f.gap == 10**9  # a billion behind the plan to June


def test_the_latest_estimate_counts_and_rows_after_the_day_do_not() -> None:
    f = task_figures(
        estimates=[
            EstimateRow("central", 2025, 100, date(2025, 1, 5), 1),
            EstimateRow("central", 2025, 150, date(2025, 3, 5), 2),
            EstimateRow("central", 2025, 999, date(2025, 7, 1), 3),  # after the day
        ],
        allocations=[AllocationRow("central", 2025, 90, date(2025, 7, 1))],
        disbursements=[
            DisbursementRow("central", 2025, 40, date(2025, 6, 20)),
            DisbursementRow("central", 2025, 10, date(2025, 6, 21)),
        ],
        as_of=AS_OF,
    )
    assert (f.estimated, f.allocated, f.disbursed) == (150, 0, 40)
    assert f.rate is None


def test_a_reversal_and_a_withdrawal_are_negative_rows() -> None:
    f = task_figures(
        estimates=[],
        allocations=[
            AllocationRow("oda", 2025, 1000, date(2025, 1, 1)),
            AllocationRow("oda", 2025, -200, date(2025, 4, 1)),
        ],
        disbursements=[
            DisbursementRow("oda", 2025, 500, date(2025, 2, 1)),
            DisbursementRow("oda", 2025, -100, date(2025, 2, 3)),
        ],
        as_of=AS_OF,
    )
    assert (f.allocated, f.disbursed, percent(f.rate)) == (800, 400, Decimal("50.0"))


def test_percent_rounds_half_up_on_integers() -> None:
    assert percent(Fraction(1, 3)) == Decimal("33.3")
    assert percent(Fraction(2, 3)) == Decimal("66.7")
    assert percent(Fraction(1, 8), 1) == Decimal("12.5")
    assert percent(Fraction(1, 16), 1) == Decimal("6.3")
    assert percent(None) is None


@given(st.integers(0, 10**15), st.integers(1, 10**15))
def test_percent_of_amounts_up_to_ten_to_the_fifteen_is_exact(
    disbursed: int, allocated: int
) -> None:
    exact = Fraction(disbursed * 100, allocated)
    shown = percent(Fraction(disbursed, allocated))
    assert shown is not None
    assert abs(Fraction(shown) - exact) <= Fraction(1, 20)


@given(st.lists(st.tuples(st.integers(-(10**15), 10**15), st.integers(0, 10**15)), max_size=40))
def test_sums_of_figures_are_exact_integers(rows: list[tuple[int, int]]) -> None:
    total = sum((Figures(allocated=a, disbursed=d) for a, d in rows), Figures())
    assert total.allocated == sum(a for a, _d in rows)
    assert total.disbursed == sum(d for _a, d in rows)
    data = total.as_dict()
    assert all(
        type(data[k]) is int for k in ("estimated", "allocated", "disbursed", "planned", "gap")
    )


def test_months_run_from_january_to_the_as_of_month() -> None:
    assert months_of_year(2025, date(2025, 3, 9)) == [
        date(2025, 1, 1),
        date(2025, 2, 1),
        date(2025, 3, 1),
    ]
    assert len(months_of_year(2025, date(2026, 2, 1))) == 14
    assert months_of_year(2026, date(2025, 12, 31)) == []


def test_cumulative_counts_what_came_before_january() -> None:
    months = [date(2025, 1, 1), date(2025, 2, 1)]
    assert cumulative({date(2024, 12, 1): 5, date(2025, 2, 1): 7}, months) == [5, 12]


def test_slowest_units_are_the_lowest_rates_with_money_allocated() -> None:
    rows = [
        ("A", "a", Figures(allocated=100, disbursed=90)),
        ("B", "b", Figures(allocated=100, disbursed=10)),
        ("C", "c", Figures(estimated=100)),  # nothing allocated: not ranked
        ("D", "d", Figures(allocated=200, disbursed=20)),  # same rate as B, more money
    ]
    assert slowest(rows, 2) == ["D", "B"]
