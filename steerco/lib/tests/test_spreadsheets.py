import pytest

from steerco.lib.spreadsheets import formula_safe


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1"])
def test_text_that_a_spreadsheet_would_evaluate_is_quoted(text):
    assert formula_safe(text) == "'" + text


def test_ordinary_text_and_numbers_are_left_alone():
    assert formula_safe("Xây dựng - triển khai") == "Xây dựng - triển khai"
    assert formula_safe(-3) == -3
