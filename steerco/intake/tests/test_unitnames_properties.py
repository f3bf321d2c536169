"""Properties of the unit-name matcher (hypothesis): however a plan writes a unit's name —
any letter case, with or without diacritics, stray spaces — and however many names share a
cell, each name finds its unit."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from steerco.intake.unitnames import UnitDirectory

# The directory is built once per test and only read, so sharing it between examples is safe.
examples = hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

SEPARATORS = [", ", "; ", "\n", " và ", " , "]


def without_diacritics(text: str) -> str:
    """ "Sở Tài chính" -> "So Tai chinh" (đ/Đ become d/D)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


@st.composite
def written(draw, name: str) -> str:
    """`name` as someone may type it: any case per letter, diacritics kept or dropped,
    spaces around it and doubled between words."""
    if draw(st.booleans()):
        name = without_diacritics(name)
    uppers = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    name = "".join(c.upper() if up else c.lower() for c, up in zip(name, uppers, strict=True))
    gaps = draw(st.lists(st.sampled_from([" ", "  "]), min_size=name.count(" ")))
    words = name.split(" ")
    name = words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=False))
    pad = st.sampled_from(["", " ", "  "])
    return draw(pad) + name + draw(pad)


@pytest.fixture
def directory(tq):
    return UnitDirectory(tq.tuyen_quang)


def codes(found) -> list[str]:
    return [u.code for u in found.units]


@examples
@given(data=st.data())
def test_any_units_name_however_written_matches_that_unit(directory, data):
    unit = data.draw(st.sampled_from(directory.units), label="unit")
    text = data.draw(written(unit.name), label="text")
    found = directory.match(text, role="lead")
    assert codes(found) == [unit.code]
    assert not found.external and not found.warnings


@examples
@given(data=st.data())
def test_any_units_code_in_any_case_matches_that_unit(directory, data):
    unit = data.draw(st.sampled_from(directory.units), label="unit")
    text = data.draw(written(unit.code), label="text")
    assert codes(directory.match(text, role="lead")) == [unit.code]


@examples
@given(data=st.data())
def test_names_joined_in_one_cell_match_each_of_their_units_in_order(directory, data):
    units = data.draw(
        st.lists(
            st.sampled_from(directory.units), min_size=2, max_size=4, unique_by=lambda u: u.pk
        ),
        label="units",
    )
    separator = data.draw(st.sampled_from(SEPARATORS), label="separator")
    text = separator.join(data.draw(written(u.name)) for u in units)
    found = directory.match(text, role="coordinating")
    assert codes(found) == [u.code for u in units]
    assert not found.external and not found.warnings


@examples
@given(data=st.data())
def test_names_joined_with_comma_space_match_each_as_written(directory, data):
    units = data.draw(
        st.lists(
            st.sampled_from(directory.units), min_size=1, max_size=6, unique_by=lambda u: u.pk
        ),
        label="units",
    )
    found = directory.match(", ".join(u.name for u in units), role="lookup")
    assert codes(found) == [u.code for u in units]
