"""The task page's responsible official, deputy and history, the transfer form for
managers of the lead unit; and the officials pages of the units a manager manages."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse

from steerco.directives.models import Responsibility
from steerco.directives.responsibility import responsibility_record
from steerco.people.models import Person
from steerco.people.services import person_create


def _client(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_task_page_shows_the_official_their_deputy_and_since_when(web, people, tree):
    duc = person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_skhcn, position="Giám đốc Sở")
    hoa = person_create(full_name="Trần Thị Hoa", unit=tree.tq_skhcn, position="Phó Giám đốc")
    responsibility_record(task=web.overdue, since=web.overdue.assigned_on, person=duc, deputy=hoa)
    page = _client(people.tq_dept_reporter).get(reverse("web:task", args=[web.overdue.pk]))
    text = page.content.decode()
    assert "Nguyễn Văn Đức</strong>, Giám đốc Sở" in text
    assert "Trần Thị Hoa, Phó Giám đốc" in text
    history = text.split('data-testid="responsibility-history"', 1)[1]
    assert f"{web.overdue.assigned_on:%d/%m/%Y}: <strong>Nguyễn Văn Đức</strong>" in history
    assert 'data-testid="transfer-link"' not in text  # a reporter does not transfer


def test_a_manager_transfers_responsibility_and_the_history_keeps_both(web, people, tree):
    duc = person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_skhcn)
    minh = person_create(full_name="Lê Quang Minh", unit=tree.tuyen_quang, position="Phó Chủ tịch")
    task = web.overdue
    responsibility_record(task=task, since=task.assigned_on, person=duc)
    client = _client(people.tq_manager)
    assert (
        'data-testid="transfer-link"'
        in client.get(reverse("web:task", args=[task.pk])).content.decode()
    )
    response = client.post(
        reverse("web:task_responsibility", args=[task.pk]),
        {"person": minh.pk, "since": web.today.isoformat(), "note": "QĐ 12/QĐ-UBND"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.responsible, task.responsible_person) == (minh, "Lê Quang Minh")
    assert list(
        Responsibility.objects.filter(task=task).order_by("since").values_list("person", flat=True)
    ) == [duc.pk, minh.pk]
    page = client.get(reverse("web:task", args=[task.pk])).content.decode()
    assert "QĐ 12/QĐ-UBND" in page and "Lê Quang Minh" in page


def test_a_transfer_dated_before_the_one_in_force_is_refused_on_the_date_field(web, people, tree):
    duc = person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_skhcn)
    task = web.overdue
    responsibility_record(task=task, since=web.today, person=duc)
    response = _client(people.tq_manager).post(
        reverse("web:task_responsibility", args=[task.pk]),
        {"person": duc.pk, "since": (web.today - timedelta(days=10)).isoformat()},
    )
    assert response.status_code == 200
    assert "since" in response.context["form"].errors
    assert Responsibility.objects.filter(task=task).count() == 1


def test_the_form_offers_the_lead_units_officials_and_those_above_not_another_province(
    web, people, tree
):
    person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_skhcn)
    person_create(full_name="Lê Quang Minh", unit=tree.tuyen_quang)
    person_create(full_name="Hoàng Văn Bình", unit=tree.cb_skhcn)
    person_create(full_name="Phạm Thu Trang", unit=tree.tq_stc)
    response = _client(people.tq_manager).get(
        reverse("web:task_responsibility", args=[web.overdue.pk])
    )
    offered = {p.full_name for p in response.context["form"].fields["person"].queryset}
    assert offered == {"Nguyễn Văn Đức", "Lê Quang Minh"}


def test_a_department_reporter_may_not_transfer_responsibility(web, people):
    response = _client(people.tq_dept_reporter).get(
        reverse("web:task_responsibility", args=[web.overdue.pk])
    )
    assert response.status_code == 403


def test_a_manager_lists_adds_and_edits_the_officials_of_their_units(web, people, tree):
    person_create(full_name="Hoàng Văn Bình", unit=tree.cb_skhcn)
    client = _client(people.tq_manager)
    response = client.post(
        reverse("officials:new"),
        {
            "full_name": "Nguyễn Văn Đức",
            "position": "Giám đốc Sở",
            "unit": tree.tq_skhcn.pk,
            "username": people.tq_dept_reporter.username,
            "active_from": "2024-01-01",
        },
    )
    assert response.status_code == 302
    duc = Person.objects.get(full_name="Nguyễn Văn Đức")
    assert duc.user == people.tq_dept_reporter
    listing = client.get(reverse("officials:list")).content.decode()
    assert "Nguyễn Văn Đức" in listing and "Hoàng Văn Bình" not in listing
    assert reverse("officials_scorecard:scorecard", args=[duc.pk]) in listing
    response = client.post(
        reverse("officials:edit", args=[duc.pk]),
        {
            "full_name": "Nguyễn Văn Đức",
            "position": "Phó Giám đốc",
            "unit": tree.tq_skhcn.pk,
            "active_from": "2025-01-01",
            "active_until": "2024-12-31",
        },
    )
    assert "active_until" in response.context["form"].errors
    duc.refresh_from_db()
    assert duc.position == "Giám đốc Sở"


def test_a_manager_cannot_add_an_official_to_another_province(web, people, tree):
    response = _client(people.tq_manager).post(
        reverse("officials:new"), {"full_name": "Nguyễn Văn Đức", "unit": tree.cb_skhcn.pk}
    )
    assert "unit" in response.context["form"].errors
    assert not Person.objects.exists()


def test_someone_managing_nothing_has_no_officials_page(web, people):
    assert _client(people.tq_dept_reporter).get(reverse("officials:list")).status_code == 403


def test_the_officials_list_reads_in_a_few_queries_however_many_officials(
    web, people, tree, django_assert_max_num_queries
):
    for i in range(30):
        person_create(full_name=f"Cán bộ số {i}", unit=tree.tq_skhcn if i % 2 else tree.lam_binh)
    client = _client(people.tq_manager)
    client.get(reverse("officials:list"))  # the session and roles, read once
    with django_assert_max_num_queries(12):
        response = client.get(reverse("officials:list"))
    assert response.context["page"].paginator.count == 30
