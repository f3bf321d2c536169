"""The disbursement sheet on the intake pages: download, upload filled in, preview, record —
and the same sheet recorded again pays nothing more."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from steerco.budget.models import Disbursement
from steerco.budget.services import allocation_record
from steerco.intake.budget_sheets import COLUMNS, HEADER_ROW, SHEET

COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}


def test_a_reporter_downloads_fills_in_and_records_the_sheet_once(web, people):
    allocation_record(
        task=web.overdue,
        source="central",
        year=web.today.year,
        decision_symbol="7/QĐ-TTg",
        decided_on=web.today - timedelta(days=40),
        amount=2_000_000_000,
        today=web.today,
    )
    client = Client()
    client.force_login(people.tq_dept_reporter)
    page = client.get(reverse("intake:disbursements"))
    assert page.status_code == 200
    sheet = client.get(reverse("intake:disbursement_export", args=["08-SKHCN", web.today.year]))
    book = load_workbook(io.BytesIO(sheet.content))
    ws = book[SHEET]
    assert ws.cell(HEADER_ROW + 1, COL["allocated"]).value == 2_000_000_000
    ws.cell(HEADER_ROW + 1, COL["amount"], "750 triệu")
    ws.cell(HEADER_ROW + 1, COL["paid_on"], f"{web.today - timedelta(days=2):%d/%m/%Y}")
    ws.cell(HEADER_ROW + 1, COL["voucher"], "UNC-0042")
    out = io.BytesIO()
    book.save(out)

    for already in (0, 1):
        upload = SimpleUploadedFile("giai-ngan.xlsx", out.getvalue())
        preview = client.post(reverse("intake:disbursements"), {"unit": "08-SKHCN", "file": upload})
        assert preview.status_code == 200
        result = preview.context["result"]
        assert (len(result.payments), len(result.already)) == (1 - already, already)
        if not already:
            assert "750.000.000 đồng" in preview.content.decode()
            done = client.post(
                reverse("intake:disbursement_commit"),
                {"token": preview.context["token"], "name": "giai-ngan.xlsx", "unit": "08-SKHCN"},
            )
            assert done.status_code == 302
    assert list(Disbursement.objects.values_list("amount", "voucher")) == [
        (750_000_000, "UNC-0042")
    ]
