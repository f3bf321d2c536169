import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from steerco.lib.money import billions_text, format_vnd, format_vnd_billions, parse_vnd


@pytest.fixture(autouse=True)
def _english_messages():  # type: ignore[no-untyped-def]
    """Messages are asserted in English (the Vietnamese catalogue translates them)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234.567", 1_234_567),
        ("1,234,567", 1_234_567),
        ("1234567", 1_234_567),
        ("1.234.567 đồng", 1_234_567),
        ("2.000.000 đ", 2_000_000),
        ("2.000.000đ", 2_000_000),
        ("VND 1,000,000", 1_000_000),
        ("1 000 000", 1_000_000),
        ("1,5 tỷ", 1_500_000_000),
        ("1.5 tỷ", 1_500_000_000),
        ("1,5 tỷ đồng", 1_500_000_000),
        ("3.312 tỷ đồng", 3_312_000_000_000),
        ("500 triệu", 500_000_000),
        ("500 TRIỆU ĐỒNG", 500_000_000),
        ("2,75 triệu", 2_750_000),
        ("1 tỷ 200 triệu", 1_200_000_000),
        ("1 tỷ 200 triệu 500 nghìn đồng", 1_200_500_000),
        ("150 nghìn", 150_000),
        ("1.000.000,00", 1_000_000),
        ("1,000,000.00", 1_000_000),
        ("0", 0),
        ("1.5 billion", 1_500_000_000),
        ("1,234 tỷ", 1_234_000_000),
        ("1.234 billion", 1_234_000_000),
        ("1,234 billion", 1_234_000_000_000),
        ("1 000 000 000 000 000", 10**15),
        ("1.000.000 tỷ", 10**15),
    ],
)
def test_a_plan_writes_amounts_the_way_officials_do(text: str, amount: int) -> None:
    assert parse_vnd(text) == amount


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "not an amount"),
        ("-500", "negative"),
        ("1,2345", "whole number"),
        ("1.23.456", "grouped by three"),
        ("5 đô la", "not a unit"),
        ("200 triệu 1 tỷ", "large to small"),
        ("10 triệu tỷ tỷ", "not"),
        ("10.000.000.000 tỷ", "too large"),
    ],
)
def test_what_is_not_an_amount_is_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_vnd(text)


def test_amounts_are_written_the_vietnamese_way() -> None:
    assert format_vnd(1_234_567, "vi") == "1.234.567 đồng"
    assert format_vnd(1_234_567, "en") == "1,234,567 VND"
    assert format_vnd(0) == "0 đồng"
    assert format_vnd(-5_000) == "-5.000 đồng"


def test_billions_keep_three_decimals_at_most_and_round_half_up() -> None:
    assert format_vnd_billions(3_312_000_000_000, "vi") == "3.312 tỷ đồng"
    assert format_vnd_billions(3_312_000_000_000, "en") == "3,312 billion VND"
    assert format_vnd_billions(1_500_000_000) == "1,5 tỷ đồng"
    assert format_vnd_billions(1_234_567_890) == "1,235 tỷ đồng"
    assert format_vnd_billions(1_234_499_999) == "1,234 tỷ đồng"
    assert format_vnd_billions(400_000) == "0 tỷ đồng"
    assert billions_text(2_500_000_000, "vi", decimals=0) == "3"
    assert billions_text(-1_500_000_000, "en") == "-1.5"


def test_a_national_total_of_ten_to_the_fifteen_survives_format_and_parse() -> None:
    total = 10**15 - 1
    assert parse_vnd(format_vnd(total)) == total
    assert parse_vnd(format_vnd(total, "en")) == total
    assert format_vnd_billions(10**15) == "1.000.000 tỷ đồng"


@given(st.integers(min_value=0, max_value=10**15))
def test_any_amount_reads_back_exactly_in_both_languages(amount: int) -> None:
    assert parse_vnd(format_vnd(amount, "vi")) == amount
    assert parse_vnd(format_vnd(amount, "en")) == amount
    assert parse_vnd(str(amount)) == amount


@given(st.integers(min_value=0, max_value=10**6 - 1))
def test_billions_with_three_decimals_read_back_exactly(millions: int) -> None:
    amount = millions * 10**6
    assert parse_vnd(format_vnd_billions(amount, "vi")) == amount
    assert parse_vnd(format_vnd_billions(amount, "en")) == amount
