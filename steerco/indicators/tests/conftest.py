from pathlib import Path

import pytest

from steerco.indicators.imports import catalogue_load

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed_indicators.csv"


@pytest.fixture
def catalogue(db):
    """The seeds' indicators, loaded from the shipped fixture."""
    result = catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)
    assert result.rejected == [], result.rejected
    return result


def csv_file(text: str) -> bytes:
    return text.strip().encode() + b"\n"
