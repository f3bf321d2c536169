"""value_record's write: a version is inserted only if free; a lost race reads again."""

from decimal import Decimal
from unittest import mock

from steerco.indicators import services
from steerco.indicators.models import Indicator, IndicatorValue
from steerco.indicators.services import value_record


def test_a_version_taken_by_another_writer_is_recorded_as_the_next(catalogue, tree):
    indicator = Indicator.objects.get(code="PROC_HANDLED")
    value_record(unit=tree.lam_binh, indicator=indicator, period="2025-09", value="10")
    real = services._insert_if_free

    def racing(record):
        if record.version == 2:  # another writer records version 2 first
            IndicatorValue.objects.create(
                indicator=indicator,
                unit=tree.lam_binh,
                period="2025-09",
                version=2,
                value=Decimal(11),
                source="entered",
            )
        return real(record)

    with mock.patch.object(services, "_insert_if_free", side_effect=racing):
        recorded = value_record(
            unit=tree.lam_binh, indicator=indicator, period="2025-09", value="12"
        )
    assert (recorded.created, recorded.record.version, recorded.record.pk is not None) == (
        True,
        3,
        True,
    )
    versions = IndicatorValue.objects.filter(unit=tree.lam_binh, indicator=indicator)
    assert sorted(versions.values_list("version", "value")) == [(1, 10), (2, 11), (3, 12)]
