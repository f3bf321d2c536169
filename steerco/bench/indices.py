"""The benchmark's composite index: a DTI-style method (1,000 points, the DTI's eight
pillars and weights) over the 50 bench indicators (`indicators.py`), computed for the 34
provinces from every commune's values of the latest month, as `steerco index compute`
computes it (summaries, scores, ranks; nothing stored)."""

from __future__ import annotations

import json

from steerco.indicators.indices.definitions import index_define
from steerco.indicators.indices.models import Index
from steerco.indicators.indices.selectors import IndexTable, index_table

from .indicators import BenchIndicators

CODE = "BENCH_DTI"
PILLARS = (  # the DTI's pillars and weights
    ("AWARENESS", 100),
    ("INSTITUTIONS", 100),
    ("INFRASTRUCTURE", 100),
    ("WORKFORCE", 100),
    ("CYBERSECURITY", 100),
    ("DIGITAL_GOV", 200),
    ("DIGITAL_ECONOMY", 150),
    ("DIGITAL_SOCIETY", 150),
)
NORMALISATIONS: tuple[object, ...] = (
    "minmax",
    "max",
    {"points": [[10, 0.3], [40, 0.7], [70, 1]]},
)


def definition(data: BenchIndicators) -> dict[str, object]:
    """The method: the bench indicators dealt over the pillars in turn."""
    pillars: list[dict[str, object]] = [
        {"code": code, "name": {"vi": code, "en": code}, "weight": weight, "indicators": []}
        for code, weight in PILLARS
    ]
    for n, indicator in enumerate(data.indicators):
        parts = pillars[n % len(pillars)]["indicators"]
        assert isinstance(parts, list)
        parts.append(
            {
                "indicator": indicator.code,
                "weight": 1 + n % 2,
                "normalise": NORMALISATIONS[n % len(NORMALISATIONS)],
            }
        )
    month = data.months[0]
    return {
        "code": CODE,
        "version": "1",
        "valid_from": str(month),
        "name": {"vi": "Chỉ số thử nghiệm", "en": "Benchmark index"},
        "missing": "zero",
        "pillars": pillars,
    }


def ensure(data: BenchIndicators) -> Index:
    """The bench index, defined on first use."""
    document = json.dumps(definition(data)).encode()
    result = index_define(name="bench_index.json", data=document, commit=True)
    if result.rejected:
        raise ValueError(f"the bench index: {result.rejected[0]}")
    return Index.objects.get(code=CODE)


def op_compute(data: BenchIndicators, index: Index) -> IndexTable:
    return index_table(index=index, period=data.months[-1], units=data.provinces, source="computed")
