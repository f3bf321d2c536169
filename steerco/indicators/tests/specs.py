"""Indicator definitions for the pure tests, built the way the catalogue file builds them."""

from steerco.indicators.catalogue import IndicatorSpec, spec_from_row


def spec(code: str, **cells: str) -> IndicatorSpec:
    row = {
        "code": code,
        "name_vi": code,
        "name_en": code,
        "measure_unit": "hồ sơ",
        "kind": "entered",
        "direction": "higher",
        "aggregation": "sum",
        "period_type": "month",
        **cells,
    }
    result, problems = spec_from_row(row)
    assert result is not None, problems
    return result


def specs(*items: IndicatorSpec) -> dict[str, IndicatorSpec]:
    return {s.code: s for s in items}
