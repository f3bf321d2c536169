"""`steerco sync`'s pieces that need no server (issue 19): the remote's address, the
batches a push sends, and a batch less the tasks whose rows were refused."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from steerco.exchange.document import (
    DirectiveRow,
    ExchangeDocument,
    TaskRow,
    UpdateColumns,
    history_id,
)
from steerco.exchange.sync import (
    Report,
    SyncError,
    _answer,
    _send,
    batches,
    remote_base,
    without_refused,
)

PLAN = uuid.uuid4()


def task(n: int) -> TaskRow:
    return TaskRow(
        global_id=uuid.uuid5(PLAN, str(n)),
        directive=PLAN,
        reference=str(n),
        content=f"Nhiệm vụ {n}",
        lead_unit="08",
        assigned_by="08",
        assigned_on=date(2025, 1, 15),
    )


def updates(tasks: list[TaskRow], per_task: int) -> UpdateColumns:
    """`per_task` reports of each task, as a document's columns."""
    rows = [(t.global_id, p) for t in tasks for p in range(per_task)]
    n = len(rows)
    return UpdateColumns(
        task=[t for t, _ in rows],
        position=[p for _, p in rows],
        kind=["report"] * n,
        reported_on=[date(2025, 3, 10)] * n,
        state=["in_progress"] * n,
        percent=[10 * (p + 1) for _, p in rows],
        done=[""] * n,
        obstacles=[""] * n,
        proposals=[""] * n,
        product_symbol=[""] * n,
        product_date=[None] * n,
        links=[""] * n,
        note=[""] * n,
        unit=[None] * n,
        recorded_at=[datetime(2025, 3, 10, 3, tzinfo=UTC)] * n,
        backdated_by_manager=[False] * n,
    )


def document(n_tasks: int) -> ExchangeDocument:
    tasks = [task(n) for n in range(n_tasks)]
    return ExchangeDocument(
        format="steerco-exchange",
        version=2,
        exported_at=datetime(2025, 3, 11, tzinfo=UTC),
        unit="08",
        tasks=tasks,
        updates=updates(tasks, 2),
    )


def test_the_remotes_address_is_kept_without_the_api_path():
    assert remote_base("https://steerco.gov.vn/api/v1/") == "https://steerco.gov.vn"
    assert remote_base(" http://127.0.0.1:8000/ ") == "http://127.0.0.1:8000"
    with pytest.raises(SyncError):
        remote_base("file:///etc/passwd")


def test_a_push_sends_each_task_with_its_history_in_batches():
    sent = list(batches(document(5), 2))
    assert [len(b.tasks) for b in sent] == [2, 2, 1]
    for b in sent:
        assert set(b.updates.task) == {t.global_id for t in b.tasks}
        assert len(b.updates) == 2 * len(b.tasks)
        assert b.updates.position == [0, 1] * len(b.tasks)
        assert b.updates.percent == [10, 20] * len(b.tasks)


def test_a_push_sends_every_directive_first_then_those_of_each_batchs_tasks():
    implemented, other = uuid.uuid4(), uuid.uuid4()
    rows = [
        DirectiveRow(
            global_id=gid,
            symbol=symbol,
            kind="KH",
            issuer="08",
            issued_on=date(2025, 1, 2),
            title=symbol,
            implements=above,
        )
        for gid, symbol, above in [
            (implemented, "01/QD", None),
            (PLAN, "02/KH", implemented),
            (other, "03/KH", None),
        ]
    ]
    sent = list(batches(document(5).model_copy(update={"directives": rows}), 2))
    assert [[d.symbol for d in b.directives] for b in sent] == [
        ["01/QD", "02/KH", "03/KH"],
        ["01/QD", "02/KH"],
        ["01/QD", "02/KH"],
    ]


def test_a_refused_row_takes_its_task_out_of_the_batch():
    doc = document(3)
    second = doc.tasks[1].global_id
    refused = [
        {"kind": "update", "id": str(history_id(second, "update", 1)), "action": "refuse"},
    ]
    rest = without_refused(doc, refused)
    assert [t.reference for t in rest.tasks] == ["0", "2"]
    assert rest.updates.task == [doc.tasks[0].global_id] * 2 + [doc.tasks[2].global_id] * 2


def test_a_push_counts_the_rows_a_batch_answers_and_reports_each_refused_one():
    report = Report("push", "https://central.example", "08")
    answers = iter(
        [
            # an older receiver listed every row; this one lists the refused rows only
            {
                "committed": False,
                "counts": {"update": {"create": 1, "skip": 0, "refuse": 1}},
                "items": [
                    {"kind": "update", "id": "a", "action": "create", "reason": ""},
                    {"kind": "update", "id": "b", "action": "refuse", "reason": "differs"},
                ],
            },
            {"committed": True, "counts": {"update": {"create": 1, "skip": 2, "refuse": 0}}},
        ]
    )
    assert not _send(document(2), lambda doc: _answer(next(answers)), report)
    assert [(i["id"], i["reason"]) for i in report.refused] == [("b", "differs")]
    assert report.as_dict()["counts"] == {"update": {"create": 1, "skip": 2, "refuse": 1}}
