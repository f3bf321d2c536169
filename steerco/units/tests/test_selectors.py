"""A unit named on the command line: by code or exact name, one clear line otherwise."""

import pytest
from django.core.management.base import CommandError

from steerco.units.cli import unit_arg
from steerco.units.selectors import UnitLookupError, find_unit


def test_a_unit_is_found_by_code_or_exact_name(tree):
    assert find_unit(text="08") == tree.tuyen_quang
    assert find_unit(text=" Tuyên Quang ") == tree.tuyen_quang


def test_a_name_two_units_share_asks_for_the_code(tree):
    with pytest.raises(UnitLookupError, match="several units; give its code"):
        find_unit(text="Sở Khoa học và Công nghệ")


def test_an_unknown_unit_on_the_command_line_names_the_argument(tree):
    with pytest.raises(CommandError, match=r"^--within: unknown unit 'Hà Giang'"):
        unit_arg("Hà Giang", "--within")
