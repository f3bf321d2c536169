"""`steerco directive add`: creates a directive, and refuses a bad argument in one line naming it."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.factories import make_directive


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan(tree):
    return make_directive(tree.committee, symbol="02-KH/BCĐTW")


def add(symbol="15-KH/UBND", kind="plan", *extra):
    return (
        "directive",
        "add",
        "--symbol",
        symbol,
        "--kind",
        kind,
        "--issuer",
        "08",
        "--date",
        "2025-03-01",
        "--title",
        "Kế hoạch thực hiện Kế hoạch 02-KH/BCĐTW",
        *extra,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (add("1-KH/UBND", "memo"), "--kind: 'memo' is not a kind"),
        (add("02-KH/BCĐTW"), "--symbol: A directive 02-KH/BCĐTW already exists"),
    ],
)
def test_bad_arguments_exit_with_one_line_naming_the_argument(plan, args, message):
    # Service messages follow the active language (Vietnamese by default, now translated).
    with translation.override("en"), pytest.raises(CommandError) as err:
        run(*args)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


def test_directive_add_creates_a_directive_implementing_another(plan):
    out = run(*add("15-KH/UBND", "plan", "--implements", "02-KH/BCĐTW", "--json"))
    assert json.loads(out)["symbol"] == "15-KH/UBND"
