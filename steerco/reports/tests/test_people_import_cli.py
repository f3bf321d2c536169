"""`steerco people import FILE [--commit] [--json]`, through the parser and runner the
`people` command wires in."""

import argparse
import io
import json

import pytest
from django.core.management.base import CommandError
from django.utils import translation

from steerco.people.models import Person
from steerco.reports.people_import_cli import add_import_parser, run_import


@pytest.fixture(autouse=True)
def _english_messages():  # type: ignore[no-untyped-def]
    """Messages are asserted in English (the Vietnamese catalogue translates them)."""
    with translation.override("en"):
        yield


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_import_parser(parser.add_subparsers(dest="subcommand"))
    return parser.parse_args(["import", *argv])


@pytest.fixture
def officials_file(tmp_path):
    path = tmp_path / "can-bo.csv"
    path.write_text(
        "Họ và tên,Chức vụ,Mã đơn vị\nNguyễn Văn Đức,Giám đốc Sở,08-SKHCN\n", encoding="utf-8"
    )
    return path


def test_without_commit_the_command_previews_and_writes_nothing(tree, officials_file):
    out = io.StringIO()
    run_import(parse(str(officials_file)), out)
    assert "+ row 2: Nguyễn Văn Đức, Giám đốc Sở, 08-SKHCN" in out.getvalue()
    assert "1 to create" in out.getvalue()
    assert not Person.objects.exists()


def test_with_commit_and_json_the_officials_are_written_and_counted(tree, officials_file):
    out = io.StringIO()
    run_import(parse(str(officials_file), "--commit", "--json"), out)
    answer = json.loads(out.getvalue())
    assert (answer["committed"], answer["created"]) == (True, 1)
    assert Person.objects.get().unit == tree.tq_skhcn


def test_a_rejected_row_ends_the_command_with_an_error(tree, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Họ và tên,Mã đơn vị\nNguyễn Văn Đức,XX\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        run_import(parse(str(path), "--commit"), out)
    assert "no unit has this code" in out.getvalue()
    assert not Person.objects.exists()


def test_a_missing_file_is_an_error_naming_it(db):
    with pytest.raises(CommandError, match="nope.csv"):
        run_import({"file": "nope.csv", "commit": False, "as_json": False}, io.StringIO())


def test_the_people_command_runs_the_import(tree, officials_file):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("people", "import", str(officials_file), "--commit", "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == 1
    assert Person.objects.get().full_name == "Nguyễn Văn Đức"
