"""Moving a province's directive, its tasks and their history to another instance by file
(issue 19): what arrives classifies as it did where it was entered, twice changes nothing,
and a document the receiver cannot trust writes nothing."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from steerco.directives.models import Directive, Task
from steerco.exchange.document import ExchangeDocument, history_id, json_schema_text
from steerco.exchange.selectors import exchange_document
from steerco.exchange.services import ExchangeError, exchange_import, read_document
from steerco.lib.hashchain import chained_models, chained_rows, first_break
from steerco.progress import services as progress
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import Extension, ExtensionDecision, ProgressUpdate
from tests.factories import make_directive, make_task

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = [date(2025, 3, 31), date(2025, 7, 15), date(2025, 12, 31)]
SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "exchange.schema.json"


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=HANOI)


def classes() -> dict[str, list[tuple[str, str]]]:
    """Each task's class as of a few days, by global id (what a ranking counts)."""
    tasks = Task.objects.filter(directive__symbol="01-KH/UBND")
    return {
        str(day): sorted(
            (str(t.global_id), t.task_class) for t in classify_tasks(tasks, day).order_by("pk")
        )
        for day in AS_OF
    }


def history_counts() -> tuple[int, int, int, int]:
    tasks = Task.objects.filter(directive__symbol="01-KH/UBND")
    return (
        tasks.count(),
        ProgressUpdate.objects.filter(task__in=tasks).count(),
        Extension.objects.filter(task__in=tasks).count(),
        ExtensionDecision.objects.filter(task__in=tasks).count(),
    )


def entered_elsewhere(tree, time_machine) -> tuple[str, dict, tuple]:
    """A Tuyên Quang plan entered and reported on, exported, then gone again (rolled
    back): the tree stays, as on an instance that loaded the same units."""
    with transaction.atomic():
        time_machine.move_to(at(date(2025, 1, 20)), tick=False)
        plan = make_directive(tree.tuyen_quang, symbol="01-KH/UBND", requires_acceptance=True)
        parent = make_task(plan, tree.tuyen_quang, reference="1", due_on=date(2025, 6, 30))
        child = make_task(
            plan,
            tree.lam_binh,
            reference="1.1",
            parent=parent,
            due_on=date(2025, 5, 31),
            coordinating_units=[tree.thuong_lam],
        )
        make_task(plan, tree.tq_skhcn, reference="2", recurring=True, cadence="month", due_on=None)
        late = make_task(plan, tree.tq_stc, reference="3", due_on=date(2025, 4, 30))
        time_machine.move_to(at(date(2025, 3, 10)), tick=False)
        progress.progress_report(
            task=child, reported_on=date(2025, 3, 10), state="in_progress", percent=40,
            obstacles="Thiếu kinh phí", unit=tree.lam_binh,
        )  # fmt: skip
        progress.extension_request(
            task=parent, requested_on=date(2025, 3, 10), new_due_on=date(2025, 9, 30),
            reason="Chờ hướng dẫn của Bộ",
        )  # fmt: skip
        time_machine.move_to(at(date(2025, 5, 20)), tick=False)
        progress.progress_report(
            task=child, reported_on=date(2025, 5, 20), state="completed", percent=100,
            unit=tree.lam_binh,
        )  # fmt: skip
        progress.completion_accept(task=child, decided_on=date(2025, 5, 20))
        progress.extension_decide(
            extension=Extension.objects.get(task=parent), approve=True,
            decided_on=date(2025, 5, 20),
        )  # fmt: skip
        progress.progress_report(
            task=late, reported_on=date(2025, 5, 20), state="in_progress", percent=10
        )
        text = exchange_document(unit=tree.tuyen_quang, directives=[plan]).model_dump_json()
        before = classes(), history_counts()
        transaction.set_rollback(True)
    assert not Directive.objects.filter(symbol="01-KH/UBND").exists()
    return text, *before  # type: ignore[return-value]


@pytest.fixture
def sent(tree, time_machine):
    text, by_class, counts = entered_elsewhere(tree, time_machine)
    time_machine.move_to(at(date(2025, 12, 2)), tick=False)
    return text, by_class, counts


def test_the_committed_schema_is_the_one_the_document_generates():
    assert SCHEMA.read_text(encoding="utf-8") == json_schema_text()


def test_a_province_plan_arrives_with_the_same_classes_and_counts(sent):
    text, by_class, counts = sent
    result = exchange_import(document=read_document(text), commit=True)
    assert result.committed and not result.refused
    assert result.counts()["task"]["create"] == 4
    assert history_counts() == counts == (4, 4, 1, 1)
    assert classes() == by_class
    child = Task.objects.get(reference="1.1", directive__symbol="01-KH/UBND")
    assert child.parent is not None and child.parent.reference == "1"
    assert [u.code for u in child.coordinating_units.all()] == ["02236"]
    assert child.five_clear and child.state == "completed" and child.accepted_on
    assert Task.objects.get(reference="1", directive__symbol="01-KH/UBND").due_on == date(
        2025, 9, 30
    )
    for model in chained_models():  # the chains the rows were sealed onto hold
        assert first_break(chained_rows(model)) is None, model


def test_importing_the_same_document_twice_changes_nothing(sent):
    document = read_document(sent[0])
    exchange_import(document=document, commit=True)
    counts, by_class = history_counts(), classes()
    again = exchange_import(document=document, commit=True)
    assert not again.refused
    assert {kind: n["create"] for kind, n in again.counts().items()} == dict.fromkeys(
        again.counts(), 0
    )
    assert (history_counts(), classes()) == (counts, by_class)


def test_a_preview_lists_what_would_be_created_and_writes_nothing(sent):
    result = exchange_import(document=read_document(sent[0]))
    assert not result.committed
    assert result.counts()["update"]["create"] == 4
    assert not Directive.objects.filter(symbol="01-KH/UBND").exists()


def test_a_document_naming_an_unknown_unit_is_refused_naming_it(sent):
    raw = json.loads(sent[0])
    raw["tasks"][1]["lead_unit"] = "99999"
    result = exchange_import(document=read_document(json.dumps(raw)), commit=True)
    assert not result.committed
    [refused] = [i for i in result.refused if i.kind == "task"]
    assert "'99999'" in refused.reason and "lead unit" in refused.reason
    assert refused.label == "task 1.1"
    assert not Directive.objects.filter(symbol="01-KH/UBND").exists()
    assert not Task.objects.filter(global_id=raw["tasks"][1]["global_id"]).exists()


def test_a_task_id_reused_with_another_definition_is_refused(sent, tree):
    document = read_document(sent[0])
    exchange_import(document=document, commit=True)
    raw = json.loads(sent[0])
    # Another owner's document reusing task 3's id for a task of its own.
    raw["tasks"][3].update(content="Nhiệm vụ khác", lead_unit="08-SKHCN")
    raw["updates"] = {}  # no history: every column empty
    counts = history_counts()
    result = exchange_import(document=read_document(json.dumps(raw)), commit=True)
    assert not result.committed
    [refused] = result.refused
    assert refused.id == raw["tasks"][3]["global_id"]
    assert "content" in refused.reason and "lead_unit" in refused.reason
    assert history_counts() == counts


def test_a_task_history_whose_places_do_not_follow_each_other_is_refused(sent):
    raw = json.loads(sent[0])
    first = raw["updates"]["task"][0]
    rows = [i for i, task in enumerate(raw["updates"]["task"]) if task == first]
    assert len(rows) == 3
    raw["updates"]["position"][rows[0]] = 1  # places 1, 1, 2: the first one twice
    result = exchange_import(document=read_document(json.dumps(raw)), commit=True)
    assert not result.committed
    refused = [i for i in result.refused if i.kind == "update"]
    assert len(refused) == 3
    assert all("position 1 is given twice" in i.reason for i in refused)
    # a row is named by the id its place gives
    assert refused[0].id == str(history_id(uuid.UUID(first), "update", 1))
    assert not Directive.objects.filter(symbol="01-KH/UBND").exists()


def test_a_document_of_another_format_or_version_is_refused_before_reading():
    with pytest.raises(ExchangeError, match="version 3 .* update this instance"):
        read_document(json.dumps({"format": "steerco-exchange", "version": 3}))
    with pytest.raises(ExchangeError, match="exported_at"):
        read_document(json.dumps({"format": "steerco-exchange", "version": 2, "unit": "08"}))
    assert ExchangeDocument.model_json_schema()["properties"]["version"]["const"] == 2


def test_a_document_of_the_first_version_is_refused_asking_for_the_senders_update(sent):
    raw = json.loads(sent[0])
    rows = _rows(raw["updates"])
    for n, row in enumerate(rows):
        row["global_id"] = str(history_id(uuid.UUID(row["task"]), "update", row["position"]))
        assert n == 0 or row["task"] != rows[n - 1]["task"] or row["position"]
    version_1 = {**raw, "version": 1, "updates": rows, "extensions": [], "decisions": []}
    with pytest.raises(ExchangeError, match="version 1 .* update the sending instance"):
        read_document(json.dumps(version_1))


def test_a_history_column_with_a_bad_value_names_its_row_and_field(sent):
    raw = json.loads(sent[0])
    raw["updates"]["percent"][2] = 140
    with pytest.raises(ExchangeError, match="updates row 2, percent: .*less than or equal to 100"):
        read_document(json.dumps(raw))
    raw = json.loads(sent[0])
    raw["extensions"]["reason"][0] = ""
    with pytest.raises(ExchangeError, match="extensions row 0, reason: .*at least 1 character"):
        read_document(json.dumps(raw))


def test_history_columns_of_different_lengths_are_refused_naming_them(sent):
    raw = json.loads(sent[0])
    raw["updates"]["note"].pop()
    with pytest.raises(ExchangeError, match=r"updates: .*\(task: 4, note: 3\)"):
        read_document(json.dumps(raw))
    raw = json.loads(sent[0])
    del raw["decisions"]["status"]  # a column left out: empty, the others not
    with pytest.raises(ExchangeError, match="decisions: .*status: 0"):
        read_document(json.dumps(raw))
    assert not Directive.objects.filter(symbol="01-KH/UBND").exists()


def test_a_row_refused_in_the_last_task_leaves_nothing_written(sent):
    raw = json.loads(sent[0])
    raw["updates"]["unit"][-1] = "99999"  # the last task's report, by an unknown unit
    result = exchange_import(document=read_document(json.dumps(raw)), commit=True)
    assert not result.committed
    [refused] = result.refused
    assert refused.kind == "update" and "reporting unit '99999'" in refused.reason
    assert not Directive.objects.filter(symbol="01-KH/UBND").exists()
    assert not ProgressUpdate.objects.filter(task__global_id__in=raw["updates"]["task"]).exists()


def test_the_command_exports_and_imports_by_file(sent, tree, tmp_path, capsys):
    path = tmp_path / "tq.json"
    path.write_text(sent[0], encoding="utf-8")
    call_command("exchange", "import", str(path))
    assert "preview; nothing written" in capsys.readouterr().out
    assert not Directive.objects.filter(symbol="01-KH/UBND").exists()
    call_command("exchange", "import", str(path), "--commit", "--json")
    assert json.loads(capsys.readouterr().out)["committed"] is True
    out = tmp_path / "back.json"
    call_command("exchange", "export", "--unit", "08", "--directive", "01-KH/UBND", "-o", str(out))
    back = json.loads(out.read_text(encoding="utf-8"))
    sent_doc = json.loads(sent[0])
    for key in ("directives", "tasks", "updates", "extensions", "decisions"):
        assert back[key] == sent_doc[key], key
    raw = json.loads(sent[0])
    raw["unit"] = "77"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(CommandError, match="refused; nothing written"):
        call_command("exchange", "import", str(path), "--commit")
    assert "'77' is not a unit known here" in capsys.readouterr().out


def _rows(columns: dict[str, list]) -> list[dict]:
    """A document's history columns as a dict per row."""
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]


def _columns(rows: list[dict], names: list[str]) -> dict[str, list]:
    return {name: [row[name] for row in rows] for name in names}


def _split(text: str, day: str) -> tuple[str, str]:
    """The document as two exports: the history before `day`, and one `--since day`."""
    raw = json.loads(text)
    updates, extensions = _rows(raw["updates"]), _rows(raw["extensions"])
    early = {
        **raw,
        "decisions": {},
        "updates": _columns([u for u in updates if u["recorded_at"] < day], [*raw["updates"]]),
    }
    later = {
        **raw,
        "since": day,
        "updates": _columns([u for u in updates if u["recorded_at"] >= day], [*raw["updates"]]),
        "extensions": _columns(
            [e for e in extensions if e["requested_on"] >= day], [*raw["extensions"]]
        ),
    }
    return json.dumps(early), json.dumps(later)


def test_an_export_since_a_day_appends_the_newer_rows_to_those_held(sent):
    text, by_class, counts = sent
    early, later = _split(text, "2025-05-01")
    assert exchange_import(document=read_document(early), commit=True).committed
    assert history_counts() == (4, 1, 1, 0)
    result = exchange_import(document=read_document(later), commit=True)
    assert result.committed and result.counts()["decision"]["create"] == 1
    assert (history_counts(), classes()) == (counts, by_class)


def test_an_export_since_a_day_is_refused_where_the_earlier_rows_are_missing(sent):
    _, later = _split(sent[0], "2025-05-01")
    result = exchange_import(document=read_document(later), commit=True)
    assert not result.committed
    assert any("starts at position 1" in i.reason for i in result.refused)
    assert not Directive.objects.filter(symbol="01-KH/UBND").exists()


def test_a_history_that_diverges_from_the_one_held_is_refused(sent):
    exchange_import(document=read_document(sent[0]), commit=True)
    raw = json.loads(sent[0])
    raw["updates"]["percent"][0] = 90
    result = exchange_import(document=read_document(json.dumps(raw)), commit=True)
    [refused] = result.refused
    assert refused.kind == "update" and "differs from the row held here" in refused.reason


def test_an_exported_document_reads_back_as_the_same_document(sent):
    text, _, _ = sent  # the export reads rows as tuples: the schema's checks pass on them
    document = read_document(text)
    assert document.updates and document.model_dump_json() == text


def test_a_history_id_is_the_rfc_4122_name_based_id_of_its_task_and_place():
    task = uuid.uuid4()
    for kind, n in [("update", 0), ("update", 12345), ("extension", 3), ("decision", 3)]:
        assert history_id(task, kind, n) == uuid.uuid5(task, f"{kind}/{n}")  # type: ignore[arg-type]


def test_an_export_since_a_day_carries_the_later_rows_at_their_places(sent, tree):
    assert exchange_import(document=read_document(sent[0]), commit=True).committed
    plan = Directive.objects.get(symbol="01-KH/UBND")
    document = exchange_document(unit=tree.tuyen_quang, directives=[plan], since=date(2025, 5, 1))
    child = Task.objects.get(reference="1.1", directive=plan).global_id
    late = Task.objects.get(reference="3", directive=plan).global_id
    updates = document.updates
    # the child's report of 10 March stays behind; its completion and acceptance follow it
    assert list(zip(updates.task, updates.position, updates.kind, strict=True)) == [
        (child, 1, "report"),
        (child, 2, "accepted"),
        (late, 0, "report"),
    ]
    assert all(at >= datetime(2025, 5, 1, tzinfo=HANOI) for at in updates.recorded_at)
    assert len(document.extensions) == 0  # requested in March
    assert document.decisions.position == [0] and document.decisions.status == ["approved"]
    assert read_document(document.model_dump_json()) == document
