"""The task page's money: the history and figures, and the forms that record an
allocation (with its plan) and a disbursement, for those allowed."""

from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steerco.budget.models import Allocation, Disbursement, PlannedDisbursement
from steerco.budget.services import allocation_record, disbursement_record


def _client(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_manager_allocates_one_and_a_half_billion_and_the_task_page_shows_it(web, people):
    task = web.overdue
    client = _client(people.tq_manager)
    response = client.post(
        reverse("web:budget_allocation", args=[task.pk]),
        {
            "source": "provincial",
            "year": "2025",
            "decision_symbol": "123/QĐ-UBND",
            "decided_on": "2025-10-15",
            "amount": "1,5 tỷ",
        },
    )
    assert response.status_code == 302
    allocation = Allocation.objects.get(task=task)
    assert allocation.amount == 1_500_000_000
    # October to December: 500 million a month.
    assert list(
        PlannedDisbursement.objects.filter(allocation=allocation).values_list("month", "amount")
    ) == [(date(2025, m, 1), 500_000_000) for m in (10, 11, 12)]

    reporter = _client(people.tq_dept_reporter)
    response = reporter.post(
        reverse("web:budget_disbursement", args=[task.pk]),
        {
            "source": "provincial",
            "year": "2025",
            "paid_on": "2025-10-18",
            "amount": "500 triệu",
            "voucher": "PC-17",
        },
    )
    assert response.status_code == 302
    assert Disbursement.objects.get(task=task).amount == 500_000_000

    page = client.get(reverse("web:task", args=[task.pk])).content.decode()
    assert "1.500.000.000 đồng" in page
    assert "PC-17" in page
    assert "33,3%" in page  # disbursed / allocated


def test_a_payment_beyond_the_allocation_is_refused_on_the_amount_field(web, people):
    task = web.overdue
    response = _client(people.tq_dept_reporter).post(
        reverse("web:budget_disbursement", args=[task.pk]),
        {
            "source": "provincial",
            "year": "2025",
            "paid_on": "2025-10-18",
            "amount": "1.234.567",
            "voucher": "PC-1",
        },
    )
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    assert not Disbursement.objects.exists()


def test_a_department_reporter_may_not_allocate(web, people):
    url = reverse("web:budget_allocation", args=[web.overdue.pk])
    assert _client(people.tq_dept_reporter).get(url).status_code == 403
    assert _client(people.cb_manager).get(url).status_code == 404


def test_the_money_section_reads_the_same_number_of_queries_however_long_its_history(web, people):
    task, client = web.overdue, _client(people.tq_manager)
    url = reverse("web:task", args=[task.pk])

    def record(n: int) -> None:
        for i in range(n):
            allocation_record(
                task=task,
                source="provincial",
                year=2025,
                decision_symbol=f"{i}/QĐ-UBND",
                decided_on=date(2025, 3, 1 + i),
                amount=1_000_000,
                today=date(2025, 10, 20),
            )
            disbursement_record(
                task=task,
                source="provincial",
                year=2025,
                paid_on=date(2025, 6, 1 + i),
                amount=500_000,
                voucher=f"PC-{i}",
                today=date(2025, 10, 20),
            )

    record(1)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    record(5)
    with CaptureQueriesContext(connection) as six:
        page = client.get(url)
    assert page.content.decode().count("PC-") == 6
    assert len(six) == len(one)
