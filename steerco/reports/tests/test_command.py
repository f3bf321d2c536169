"""`steerco report`: every format to a file, json to standard output, bad arguments refused
in one line that names the argument."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .conftest import requires_pdf

BASE = ["report", "--unit", "08", "--as-of", "2025-10-20"]


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_json_goes_to_standard_output_with_every_figure(meeting):
    data = json.loads(run(*BASE, "--previous", "2025-09-14", "--format", "json"))
    assert data["totals"]["total"] == 6
    assert data["directives"][0]["total_change"] == 1
    assert data["overdue"][0]["days_late"] == 50
    assert data["heading"]["place_date"] == "Tuyên Quang, ngày 20 tháng 10 năm 2025"


def test_json_for_one_directive_in_english(meeting):
    data = json.loads(run(*BASE, "--directive", "71/NQ-CP", "--lang", "en", "-o", "-"))
    assert [d["symbol"] for d in data["directives"]] == ["71/NQ-CP"]
    assert data["summary"][0].startswith("Of the 2 tasks under Resolution 71/NQ-CP")


@pytest.mark.parametrize("fmt", ["docx", "xlsx", pytest.param("pdf", marks=requires_pdf), "html"])
def test_each_format_is_written_to_the_file(meeting, tmp_path, fmt):
    path = tmp_path / f"report.{fmt}"
    run(*BASE, "--format", fmt, "--layout", "party", "-o", str(path))
    data = path.read_bytes()
    magic = {"docx": b"PK", "xlsx": b"PK", "pdf": b"%PDF", "html": b"<!DOCTYPE html>"}[fmt]
    assert data.startswith(magic)


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["--format", "odt"], "--format: 'odt' is not a format"),
        (["--layout", "royal"], "--layout: 'royal' is not a layout"),
        (["--lang", "fr"], "--lang: 'fr' is not a language"),
        (["--directive", "99-XX/YY"], "--directive: unknown directive '99-XX/YY'"),
        (["--previous", "2025-13-01"], "--previous: '2025-13-01' is not a date"),
        (["--previous", "2025-10-20"], "--previous: must be before --as-of"),
        (["--format", "docx"], "-o: give a file to write the docx report to"),
        (
            ["--format", "docx", "-o", "/no/such/folder/r.docx"],
            "-o: folder '/no/such/folder' does not exist",
        ),
    ],
)
def test_bad_arguments_are_refused_in_one_line_naming_the_argument(meeting, args, start):
    with pytest.raises(CommandError) as err:
        run(*BASE, *args)
    message = str(err.value)
    assert message.startswith(start) and "\n" not in message


def test_unknown_unit_and_bad_date_name_their_argument(meeting):
    with pytest.raises(CommandError, match=r"^--unit: unknown unit 'Atlantis'"):
        run("report", "--unit", "Atlantis", "--as-of", "2025-10-20")
    with pytest.raises(CommandError, match=r"^--as-of: '20/10/2025' is not a date"):
        run("report", "--unit", "08", "--as-of", "20/10/2025")
