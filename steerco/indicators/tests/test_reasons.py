"""Why a figure is empty: a code and parameters (the pages translate them), English as text."""

import pickle

from steerco.indicators import reasons
from steerco.lib.calendar_periods import parse_calendar_period as P

from .test_aggregation import CB, TQ, evaluator


def test_a_yearly_indicator_for_a_month_says_so_with_its_code_and_parameters():
    figure = evaluator({("FOREST_COVER", TQ, "2025"): 65}).figure("FOREST_COVER", TQ, P("2025-09"))
    assert isinstance(figure.reason, reasons.Reason)
    assert figure.reason.code == reasons.KEPT_BY
    assert dict(figure.reason.params) == {
        "code": "FOREST_COVER",
        "period_type": "year",
        "period": "2025-09",
    }
    assert figure.reason == "FOREST_COVER is kept by year; 2025-09 is shorter"


def test_no_entry_is_no_value_entered():
    figure = evaluator({}).figure("BUDGET_REVENUE", CB, P("2025-09"))
    assert (figure.reason.code, figure.reason) == (reasons.NO_VALUE, "no value entered")


def test_a_ratio_without_a_denominator_names_it():
    figure = evaluator({("PROC_ON_TIME", TQ, "2025-09"): 5}).figure(
        "PROC_ON_TIME_SHARE", TQ, P("2025-09")
    )
    assert figure.reason.code == reasons.NO_INPUT
    assert dict(figure.reason.params) == {"code": "PROC_HANDLED"}


def test_a_reason_keeps_its_code_through_pickling():
    reason = pickle.loads(pickle.dumps(reasons.kept_by("X", "quarter", "2025-09")))
    assert (reason.code, reason.params["period_type"], str(reason)) == (
        reasons.KEPT_BY,
        "quarter",
        "X is kept by quarter; 2025-09 is shorter",
    )
