from datetime import date

from steerco.lib.vietnamese import fold, format_date, format_number, lang_of


def test_folding_maps_d_with_stroke_which_decomposition_leaves_alone():
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("Sở Giáo dục và Đào tạo") == "so giao duc va dao tao"


def test_numbers_and_dates_are_written_as_vietnamese_officials_write_them():
    assert format_number(1287) == "1.287"
    assert format_number(98.6, decimals=1) == "98,6"
    assert format_number(1287, "en") == "1,287"
    assert format_date(date(2025, 10, 20)) == "ngày 20 tháng 10 năm 2025"


def test_figures_are_in_english_for_english_and_in_vietnamese_otherwise():
    assert [lang_of(c) for c in ("en", "en-gb", "vi", "fr", "", None)] == [
        "en",
        "en",
        "vi",
        "vi",
        "vi",
        "vi",
    ]
