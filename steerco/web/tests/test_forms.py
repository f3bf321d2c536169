"""Managers create and edit directives and tasks; messages name the field."""

from __future__ import annotations

import pytest

from steerco.directives.models import Directive, Task

pytestmark = pytest.mark.django_db


def test_manager_creates_a_directive(client, web, people, tree):
    client.force_login(people.tq_manager)
    response = client.post(
        "/directives/new/",
        {
            "symbol": "30-KH/UBND",
            "kind": "plan",
            "issuer": str(tree.tuyen_quang.pk),
            "issued_on": "2025-03-01",
            "title": "Kế hoạch chuyển đổi số",
            "implements": str(web.resolution.pk),
        },
    )
    directive = Directive.objects.get(symbol="30-KH/UBND")
    assert response["Location"] == f"/directives/{directive.pk}/"
    assert directive.implements == web.resolution


def test_duplicate_symbol_is_reported_on_the_symbol_field(client, web, people, tree):
    client.force_login(people.tq_manager)
    response = client.post(
        "/directives/new/",
        {
            "symbol": "15-CTr/TU",
            "kind": "plan",
            "issuer": str(tree.tuyen_quang.pk),
            "issued_on": "2025-03-01",
            "title": "x",
        },
    )
    assert "symbol" in response.context["form"].errors


def test_issuer_outside_the_managers_units_is_not_accepted(client, web, people, tree):
    client.force_login(people.tq_manager)
    response = client.post(
        "/directives/new/",
        {
            "symbol": "31-KH/UBND",
            "kind": "plan",
            "issuer": str(tree.cao_bang.pk),
            "issued_on": "2025-03-01",
            "title": "x",
        },
    )
    assert "issuer" in response.context["form"].errors


def test_a_new_directive_implements_only_a_directive_the_manager_may_open(
    client, web, people, tree
):
    client.force_login(people.tq_manager)
    offered = client.get("/directives/new/").context["form"].fields["implements"].queryset
    assert web.resolution in offered and web.programme in offered
    assert web.cb_plan not in offered  # Cao Bằng's plan: not listed ...
    body = client.get("/directives/new/").content.decode()
    assert f'value="{web.cb_plan.pk}"' not in body and web.cb_plan.symbol not in body
    response = client.post(  # ... nor accepted
        "/directives/new/",
        {
            "symbol": "32-KH/UBND",
            "kind": "plan",
            "issuer": str(tree.tuyen_quang.pk),
            "issued_on": "2025-03-01",
            "title": "x",
            "implements": str(web.cb_plan.pk),
        },
    )
    assert "implements" in response.context["form"].errors
    assert not Directive.objects.filter(symbol="32-KH/UBND").exists()


def test_reporter_may_not_create_directives(client, web, people):
    client.force_login(people.tq_dept_reporter)
    assert client.get("/directives/new/").status_code == 403


def test_manager_creates_a_task_and_a_cascaded_one(client, web, people, tree):
    client.force_login(people.tq_manager)
    response = client.post(
        f"/tasks/new/?directive={web.programme.pk}",
        {
            "reference": "IV.1",
            "content": "Xây dựng kho dữ liệu",
            "lead_unit": str(tree.tq_skhcn.pk),
            "coordinating_units": [str(tree.tq_stc.pk)],
            "responsible_person": "Trần B",
            "deadline_text": "Quý II/2026",
            "due_on": "2026-06-30",
            "expected_product": "Kho dữ liệu",
            "assigned_on": "2025-06-01",
        },
    )
    task = Task.objects.get(reference="IV.1")
    assert response["Location"] == f"/tasks/{task.pk}/"
    assert task.five_clear and list(task.coordinating_units.all()) == [tree.tq_stc]
    sub = client.post(
        f"/tasks/new/?directive={web.programme.pk}&parent={task.pk}",
        {
            "content": "Cập nhật dữ liệu cấp xã",
            "lead_unit": str(tree.lam_binh.pk),
            "recurring": "on",
            "cadence": "month",
            "assigned_on": "2025-06-01",
        },
    )
    assert sub.status_code == 200  # Xã Lâm Bình is not under the parent's lead unit
    assert "lead_unit" in sub.context["form"].errors


def test_written_deadline_without_a_date_is_flagged(client, web, people, tree):
    client.force_login(people.tq_manager)
    response = client.post(
        f"/tasks/new/?directive={web.programme.pk}",
        {
            "content": "x",
            "lead_unit": str(tree.tq_skhcn.pk),
            "deadline_text": "Quý II/2026",
            "assigned_on": "2025-06-01",
        },
    )
    assert "due_on" in response.context["form"].errors


def test_another_provinces_manager_may_not_add_tasks_to_this_programme(client, web, people):
    client.force_login(people.cb_manager)  # may not even see it
    assert client.get(f"/tasks/new/?directive={web.programme.pk}").status_code == 404
    client.force_login(people.tq_dept_reporter)  # sees it, manages nothing
    assert client.get(f"/tasks/new/?directive={web.programme.pk}").status_code == 403


def test_manager_edits_a_task(client, web, people):
    client.force_login(people.tq_manager)
    response = client.post(
        f"/tasks/{web.commune_overdue.pk}/edit/",
        {
            "content": web.commune_overdue.content,
            "responsible_person": "Lò Văn C",
            "expected_product": "Quyết định thành lập tổ",
            "reference": "II.0.4",
        },
    )
    assert response.status_code == 302
    web.commune_overdue.refresh_from_db()
    assert web.commune_overdue.responsible_person == "Lò Văn C" and web.commune_overdue.five_clear


def test_reporter_may_not_edit(client, web, people):
    client.force_login(people.tq_dept_reporter)
    assert client.get(f"/tasks/{web.overdue.pk}/edit/").status_code == 403
