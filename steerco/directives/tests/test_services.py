"""The rules of directives/services.py, one per way a write is refused: each refusal is a
DirectiveError naming the field to correct, and nothing is written."""

from datetime import date

import pytest
from django.utils import translation

from steerco.directives.models import Directive, Task
from steerco.directives.services import (
    DirectiveError,
    directive_create,
    task_create,
    task_create_many,
    task_update,
)
from tests.factories import make_directive, make_task


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def plan(tree):
    return make_directive(tree.tuyen_quang, symbol="15-KH/UBND")


def refused(call, **kwargs) -> DirectiveError:
    with pytest.raises(DirectiveError) as info:
        call(**kwargs)
    return info.value


def new_directive(tree, **changes):
    fields = {
        "symbol": "20-KH/UBND",
        "kind": "plan",
        "issuer": tree.tuyen_quang,
        "issued_on": date(2025, 3, 1),
        "title": "Kế hoạch chuyển đổi số năm 2025",
    }
    return {**fields, **changes}


def new_task(plan, lead, **changes):
    fields = {
        "directive": plan,
        "content": "Xây dựng cơ sở dữ liệu chuyên ngành",
        "lead_unit": lead,
        "assigned_on": date(2025, 3, 1),
        "due_on": date(2025, 6, 30),
        "deadline_text": "Quý II/2025",
    }
    return {**fields, **changes}


# --- directives ------------------------------------------------------------------


def test_a_directive_needs_its_number_and_symbol(tree):
    error = refused(directive_create, **new_directive(tree, symbol="   "))
    assert error.field == "symbol"
    assert "number and symbol" in str(error)
    assert not Directive.objects.exists()


def test_a_directive_kind_must_be_one_of_the_known_kinds(tree):
    error = refused(directive_create, **new_directive(tree, kind="memo"))
    assert error.field == "kind"
    assert "'memo'" in str(error) and "resolution" in str(error)
    assert not Directive.objects.exists()


def test_two_directives_cannot_share_a_symbol_even_with_spaces_around_it(tree, plan):
    error = refused(directive_create, **new_directive(tree, symbol=" 15-KH/UBND "))
    assert error.field == "symbol"
    assert "15-KH/UBND already exists" in str(error)
    assert Directive.objects.count() == 1


def test_a_directive_needs_a_title(tree):
    error = refused(directive_create, **new_directive(tree, title=" \n"))
    assert error.field == "title"
    assert not Directive.objects.exists()


def test_a_valid_directive_is_created_with_its_symbol_and_title_trimmed(tree):
    directive = directive_create(
        **new_directive(tree, symbol=" 20-KH/UBND ", title=" Kế hoạch chuyển đổi số ")
    )
    assert (directive.symbol, directive.title) == ("20-KH/UBND", "Kế hoạch chuyển đổi số")


# --- new tasks -------------------------------------------------------------------


def test_a_task_needs_its_content(tree, plan):
    error = refused(task_create, **new_task(plan, tree.tq_skhcn, content="  "))
    assert error.field == "content"
    assert not Task.objects.exists()


def test_a_recurring_task_has_a_cadence_not_a_deadline(tree, plan):
    error = refused(
        task_create,
        **new_task(plan, tree.tq_skhcn, recurring=True, cadence="quarter", deadline_text=""),
    )
    assert error.field == "due_on"
    assert not Task.objects.exists()


@pytest.mark.parametrize("cadence", ["", "weekly"])
def test_a_recurring_task_needs_a_known_cadence(tree, plan, cadence):
    error = refused(
        task_create,
        **new_task(
            plan, tree.tq_skhcn, recurring=True, cadence=cadence, due_on=None, deadline_text=""
        ),
    )
    assert error.field == "cadence"
    assert "month, quarter, half_year, year" in str(error)
    assert not Task.objects.exists()


def test_only_a_recurring_task_has_a_cadence(tree, plan):
    error = refused(task_create, **new_task(plan, tree.tq_skhcn, cadence="month"))
    assert error.field == "cadence"
    assert not Task.objects.exists()


def test_a_cascaded_task_is_led_by_the_parent_tasks_lead_unit_or_a_unit_under_it(tree, plan):
    parent = make_task(plan, tree.tq_skhcn)
    error = refused(task_create, **new_task(plan, tree.lam_binh, parent=parent))
    assert error.field == "lead_unit"
    assert list(Task.objects.all()) == [parent]


def test_a_cascaded_task_under_the_parent_lead_is_assigned_by_it(tree, plan):
    parent = make_task(plan, tree.tuyen_quang)
    child = task_create(**new_task(plan, tree.lam_binh, parent=parent))
    assert child.assigned_by == tree.tuyen_quang


def test_a_batch_with_one_refused_task_writes_none_of_them(tree, plan):
    specs = [new_task(plan, tree.tq_skhcn), new_task(plan, tree.tq_stc, content="")]
    error = refused(task_create_many, specs=specs)
    assert error.field == "content"
    assert not Task.objects.exists()


# --- editing a task --------------------------------------------------------------


def test_a_tasks_deadline_lead_unit_and_state_cannot_be_edited(tree, plan):
    task = make_task(plan, tree.tq_skhcn)
    error = refused(task_update, task=task, due_on="2026-01-01", state="completed")
    assert error.field is None  # not one field: every named field is refused
    assert "due_on, state" in str(error)
    assert Task.objects.get(pk=task.pk).due_on == date(2025, 6, 30)


def test_an_edit_cannot_empty_a_tasks_content(tree, plan):
    task = make_task(plan, tree.tq_skhcn, content="Số hóa hồ sơ đất đai")
    error = refused(task_update, task=task, content="  ", responsible_person="Trần Thị Bình")
    assert error.field == "content"
    stored = Task.objects.get(pk=task.pk)
    assert (stored.content, stored.responsible_person) == ("Số hóa hồ sơ đất đai", "Nguyễn Văn An")
