"""`steerco people`: the scorecard subcommand (text, JSON, the annex as a file) and the
import subcommand wired in (issue 21)."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from steerco.audit.models import AuditAction, AuditEvent
from steerco.directives.responsibility import responsibility_record
from steerco.people.models import Person
from tests.factories import make_directive, make_task


@pytest.fixture
def lan(tree):
    lan = Person.objects.create(
        full_name="Nguyễn Thị Lan", position="Phó Giám đốc", unit=tree.tq_skhcn
    )
    plan = make_directive(tree.tuyen_quang, issued_on=date(2025, 1, 5))
    task = make_task(
        plan,
        tree.tq_skhcn,
        due_on=date(2025, 8, 31),
        assigned_on=date(2025, 1, 10),
        reference="II.3",
    )
    responsibility_record(task=task, since=date(2025, 1, 10), person=lan)
    return lan


def run(*argv: str) -> str:
    out = StringIO()
    call_command("people", *argv, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_scorecard_in_words_names_the_official_the_figures_and_each_task(lan):
    text = run("scorecard", "--person", str(lan.pk), "--year", "2025", "--lang", "en")
    assert "Nguyễn Thị Lan — Phó Giám đốc" in text
    assert "Tasks responsible for: 1" in text
    assert "Overdue: 1" in text
    assert "· II.3 · 31/08/2025 · Overdue" in text


def test_the_scorecard_as_json_and_each_run_logged_as_an_opening(lan):
    data = json.loads(run("scorecard", "--person", str(lan.pk), "--year", "2025", "--json"))
    assert data["counts"]["overdue"] == 1
    assert data["period"] == {
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "as_of": "2025-12-31",
    }
    event = AuditEvent.objects.get(action=AuditAction.PERSONAL_DATA_VIEWED)
    assert (event.object_id, event.source, event.actor_id) == (str(lan.pk), "cli", None)
    assert event.changes == {"period": [None, "2025"], "opened_as": [None, "cli"]}


def test_the_annex_written_to_a_file(lan, tmp_path):
    path = tmp_path / "phu-luc.docx"
    run("scorecard", "--person", str(lan.pk), "--year", "2025", "--format", "docx", "-o", str(path))
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "PHỤ LỤC" in text and "Nguyễn Thị Lan" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--person", "abc"), "--person: 'abc' is not an official's id"),
        (("--person", "999999"), "--person: no official has id 999999"),
        (("--year", "20x5"), "--year: '20x5' is not a year"),
        (("--lang", "fr"), "--lang: 'fr' is not a language"),
        (("--format", "docx"), "-o: give the file"),
    ],
)
def test_a_bad_argument_is_named(lan, argv, message):
    args = {"--person": str(lan.pk), **dict(zip(argv[::2], argv[1::2], strict=True))}
    flat = [x for pair in args.items() for x in pair]
    with pytest.raises(CommandError, match=message):
        run("scorecard", *flat)


def test_people_import_is_a_subcommand_too(tree, tmp_path):
    path = tmp_path / "can-bo.csv"
    path.write_text(
        "Họ và tên,Chức vụ,Mã đơn vị\nNguyễn Văn Đức,Giám đốc Sở,08-SKHCN\n", encoding="utf-8"
    )
    assert "1 created" in run("import", str(path), "--commit") or Person.objects.count() == 1
    assert Person.objects.get().full_name == "Nguyễn Văn Đức"
