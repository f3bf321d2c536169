from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from steerco.indicators.models import Indicator, IndicatorValue
from steerco.indicators.problems import IndicatorError
from steerco.indicators.selectors import value_history
from steerco.indicators.services import target_set, value_record


def code(c):
    return Indicator.objects.get(code=c)


def test_a_correction_is_a_new_version_and_the_latest_counts(catalogue, tree, people):
    handled = code("PROC_HANDLED")
    value_record(unit=tree.lam_binh, indicator=handled, period="2025-09", value="100")
    corrected = value_record(
        unit=tree.lam_binh,
        indicator=handled,
        period="2025-09",
        value="120",
        author=people.commune_reporter,
        comment="thiếu hồ sơ ngày 30",
    )
    assert corrected.created and corrected.record.version == 2
    history = value_history(handled, tree.lam_binh, "2025-09")
    assert [(v.version, v.value) for v in history] == [(2, 120), (1, 100)]
    assert history[0].author == people.commune_reporter


def test_recording_the_same_value_again_adds_no_version(catalogue, tree):
    handled = code("PROC_HANDLED")
    value_record(unit=tree.lam_binh, indicator=handled, period="2025-09", value="100")
    again = value_record(unit=tree.lam_binh, indicator=handled, period="2025-09", value="100.0")
    assert not again.created
    assert IndicatorValue.objects.count() == 1


def test_the_database_refuses_to_rewrite_a_recorded_value(catalogue, tree):
    recorded = value_record(
        unit=tree.lam_binh, indicator=code("PROC_HANDLED"), period="2025-09", value="100"
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        IndicatorValue.objects.filter(pk=recorded.record.pk).update(value=Decimal(1))


def test_a_value_is_refused_naming_the_field_and_nothing_is_written(catalogue, tree):
    share = code("DATA_REUSE")
    with pytest.raises(IndicatorError, match="above 100") as error:
        value_record(unit=tree.tuyen_quang, indicator=share, period="2025-Q3", value="160")
    assert error.value.field == "value"
    with pytest.raises(IndicatorError, match="is kept by quarter; 2025-09 is a month") as error:
        value_record(unit=tree.tuyen_quang, indicator=share, period="2025-09", value="60")
    assert error.value.field == "period"
    with pytest.raises(IndicatorError, match="reported by units of kind commune") as error:
        value_record(
            unit=tree.tuyen_quang, indicator=code("PROC_HANDLED"), period="2025-09", value="1"
        )
    assert error.value.field == "unit"
    assert not IndicatorValue.objects.exists()


def test_on_time_files_cannot_exceed_the_files_handled(catalogue, tree):
    value_record(unit=tree.lam_binh, indicator=code("PROC_HANDLED"), period="2025-09", value="100")
    with pytest.raises(IndicatorError, match="above its denominator PROC_HANDLED"):
        value_record(
            unit=tree.lam_binh, indicator=code("PROC_ON_TIME"), period="2025-09", value="101"
        )


def test_a_value_far_from_last_month_is_recorded_with_a_warning(catalogue, tree):
    handled = code("PROC_HANDLED")
    value_record(unit=tree.lam_binh, indicator=handled, period="2025-08", value="100")
    recorded = value_record(unit=tree.lam_binh, indicator=handled, period="2025-09", value="400")
    assert recorded.created
    assert recorded.warning == "400 is 300% above the previous period's 100; check it"


def test_a_target_is_replaced_not_duplicated(catalogue, tree):
    revenue = code("BUDGET_REVENUE")
    target_set(unit=tree.tuyen_quang, indicator=revenue, period="2025", target=Decimal(2000))
    target = target_set(
        unit=tree.tuyen_quang, indicator=revenue, period="2025", target=Decimal(2100)
    )
    assert revenue.targets.get().target == 2100 == target.target


def test_a_baseline_needs_its_period_before_the_targets(catalogue, tree):
    rd = code("RD_SHARE_GRDP")
    with pytest.raises(IndicatorError) as error:
        target_set(
            unit=tree.root, indicator=rd, period="2030", target=Decimal(2), baseline=Decimal("0.5")
        )
    assert error.value.field == "baseline"
    with pytest.raises(IndicatorError) as error:
        target_set(
            unit=tree.root,
            indicator=rd,
            period="2030",
            target=Decimal(2),
            baseline=Decimal("0.5"),
            baseline_period="2031",
        )
    assert error.value.field == "baseline_period"


def test_a_computed_indicator_is_not_entered_but_its_inputs_are(catalogue, tree):
    with pytest.raises(IndicatorError, match="computed from GRDP, RD_SPENDING; enter those"):
        value_record(
            unit=tree.tuyen_quang, indicator=code("RD_SHARE_GRDP"), period="2025", value="1"
        )
