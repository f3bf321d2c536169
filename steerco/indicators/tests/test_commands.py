import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .conftest import SEED


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_indicators_load_previews_then_commits(db):
    assert "28 to create" in run("indicators", "load", str(SEED))
    result = json.loads(run("indicators", "load", str(SEED), "--commit", "--json"))
    assert (result["created"], result["committed"]) == (28, True)


def test_values_import_then_indicator_show(catalogue, tree, tmp_path):
    values = tmp_path / "values.csv"
    values.write_text("unit,indicator,period,value\n08,FOREST_COVER,2025,65.1\n")
    assert "1 create" in run("values", "import", str(values), "--commit")
    targets = tmp_path / "targets.csv"
    targets.write_text("unit,indicator,period,target\nTuyên Quang,FOREST_COVER,2025,60\n")
    assert "1 create" in run("targets", "import", str(targets), "--commit")
    shown = json.loads(
        run(
            "indicator",
            "show",
            "--unit",
            "08",
            "--indicator",
            "FOREST_COVER",
            "--period",
            "2025",
            "--json",
        )
    )
    assert (shown["value"], shown["target"], shown["achievement"], shown["status"]) == (
        65.1,
        60,
        108.5,
        "GREEN",
    )


def test_a_rejected_import_prints_its_problems_and_exits_with_one_line(catalogue, tree, tmp_path):
    values = tmp_path / "values.csv"
    values.write_text("unit,indicator,period,value\n08,FOREST_COVER,2025,165\n")
    out = StringIO()
    with pytest.raises(CommandError, match=r"^1 problem\(s\); nothing written$"):
        call_command("values", "import", str(values), "--commit", stdout=out)
    assert "row 2, value '165': 165 is above 100" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "99"], "--unit: unknown unit '99'"),
        (["--indicator", "NOPE"], "--indicator: unknown indicator 'NOPE'"),
        (["--period", "Q3/2025"], "--period: 'Q3/2025' is not a period"),
    ],
)
def test_a_bad_argument_is_one_line_naming_it(catalogue, tree, args, message):
    given = {"--unit": "08", "--indicator": "FOREST_COVER", "--period": "2025"}
    given.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        run("indicator", "show", *[x for pair in given.items() for x in pair])


def test_a_missing_file_is_one_line(db):
    with pytest.raises(CommandError, match="nope.csv: no such file"):
        run("values", "import", "nope.csv")
