"""The task list's search ignores case and diacritics and matches references (issue 15,
item 9): "cap quang" finds "cáp quang", "ii.3" finds task II.3."""

from __future__ import annotations

import pytest

from steerco.directives.models import Task
from steerco.directives.services import task_create_many, task_update
from tests.factories import make_directive, make_task


@pytest.fixture
def fibre(tree):  # type: ignore[no-untyped-def]
    plan = make_directive(tree.tuyen_quang, symbol="30-KH/UBND")
    return make_task(
        plan,
        tree.tq_skhcn,
        reference="II.3",
        content="Phát triển hạ tầng cáp quang đến 100% thôn, bản",
        responsible_person="Đỗ Thị Hà",
    )


def _found(client, q: str) -> list[int]:  # type: ignore[no-untyped-def]
    response = client.get("/tasks/", {"q": q})
    assert response.status_code == 200
    return [task.pk for task in response.context["page"]]


@pytest.mark.parametrize(
    "q", ["cap quang", "CÁP QUANG", "cáp quang", "quang thon", "ii.3", "do thi ha"]
)
def test_search_ignores_case_and_diacritics_and_matches_references(client, people, fibre, q):
    client.force_login(people.tq_manager)
    assert _found(client, q) == [fibre.pk]


def test_search_finds_nothing_for_a_word_not_there(client, people, fibre):
    client.force_login(people.tq_manager)
    assert _found(client, "cap dien") == []


def test_every_write_keeps_the_folded_text(tree, fibre):
    assert fibre.search_text.startswith("ii.3")
    assert "cap quang" in fibre.search_text and "đ" not in fibre.search_text
    task_update(task=fibre, content="Phủ sóng 5G các xã vùng sâu")
    assert "phu song 5g" in Task.objects.get(pk=fibre.pk).search_text
    (made,) = task_create_many(
        specs=[
            {
                "directive": fibre.directive,
                "lead_unit": tree.tq_stc,
                "reference": "III.1",
                "content": "Bố trí kinh phí chuyển đổi số",
                "assigned_on": fibre.assigned_on,
                "due_on": None,
                "recurring": True,
                "cadence": "month",
            }
        ]
    )
    assert "bo tri kinh phi" in Task.objects.get(pk=made.pk).search_text


def test_the_lead_unit_filter_reads_a_name_without_diacritics(client, people, fibre):
    client.force_login(people.tq_manager)
    response = client.get("/tasks/", {"unit": "so khoa hoc va cong nghe"})
    assert response.status_code == 200
    assert [t.pk for t in response.context["page"]] == [fibre.pk]
    assert 'value="Sở Khoa học và Công nghệ"' in response.content.decode()
    unknown = client.get("/tasks/", {"unit": "Sở Không Có"})
    assert unknown.status_code == 400 and "unit" in dict(unknown.context["problems"])
