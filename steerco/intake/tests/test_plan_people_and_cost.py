"""A plan's person cell linked to the lead unit's official (first responsibility dated the
day the task is assigned), ambiguous names listed in the preview, roles kept as text;
and a cost column read as an estimate in đồng with its funding source."""

from datetime import date

import pytest

from steerco.budget.models import Estimate
from steerco.directives.models import Responsibility, Task
from steerco.intake.plans import plan_import
from steerco.people.services import person_create
from tests.factories import make_directive

from . import builders

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Người phụ trách"]


@pytest.fixture
def plan(tq):
    return make_directive(tq.tuyen_quang, symbol="03-KH/UBND", issued_on=date(2025, 3, 1))


def run(plan, tq, rows, commit=True, header=HEADER):
    data = builders.csv_bytes([header, *rows])
    return plan_import(
        directive=plan, within=tq.tuyen_quang, name="plan.csv", data=data, commit=commit
    )


def task(plan, reference):
    return Task.objects.get(directive=plan, reference=reference)


def test_a_person_cell_naming_the_lead_units_official_links_them(plan, tq):
    duc = person_create(full_name="Nguyễn Văn Đức", unit=tq.tq_skhcn, position="Giám đốc Sở")
    result = run(plan, tq, [["1", "Xây dựng CSDL", "Sở KH&CN", "30/6/2025", "đ/c Nguyen Van Duc"]])
    assert result.committed, result.rejected
    linked = task(plan, "1")
    assert (linked.responsible, linked.responsible_person) == (duc, "Nguyễn Văn Đức")
    history = Responsibility.objects.get(task=linked)
    assert (history.person, history.since) == (duc, date(2025, 3, 1))


def test_two_officials_of_one_name_are_listed_in_the_preview_and_the_text_kept(plan, tq):
    person_create(full_name="Trần Thị Hoa", unit=tq.tq_skhcn, position="Phó Giám đốc")
    person_create(full_name="Trần Thị Hoa", unit=tq.tq_skhcn, position="Chuyên viên")
    result = run(plan, tq, [["1", "Xây dựng CSDL", "Sở KH&CN", "30/6/2025", "Trần Thị Hoa"]])
    warning = next(w for w in result.warnings if "officials bear this name" in w.message)
    assert (warning.row, warning.column) == (2, "E")
    assert "Phó Giám đốc" in warning.message and "Chuyên viên" in warning.message
    kept = task(plan, "1")
    assert (kept.responsible, kept.responsible_person) == (None, "Trần Thị Hoa")
    assert not Responsibility.objects.exists()


def test_a_role_is_kept_as_text(plan, tq):
    person_create(full_name="Nguyễn Văn Đức", unit=tq.tq_skhcn, position="Giám đốc Sở")
    run(plan, tq, [["1", "Xây dựng CSDL", "Sở KH&CN", "30/6/2025", "Giám đốc Sở"]])
    kept = task(plan, "1")
    assert (kept.responsible, kept.responsible_person) == (None, "Giám đốc Sở")


def test_a_reimport_links_a_task_named_before_its_official_was_recorded(plan, tq):
    rows = [["1", "Xây dựng CSDL", "Sở KH&CN", "30/6/2025", "Ông Nguyễn Văn Đức"]]
    run(plan, tq, rows)
    duc = person_create(full_name="Nguyễn Văn Đức", unit=tq.tq_skhcn)
    again = run(plan, tq, rows)
    assert again.updated == 1
    assert task(plan, "1").responsible == duc
    third = run(plan, tq, rows, commit=False)
    assert third.unchanged == 1  # the official's name is not overwritten by the cell's wording


COST_HEADER = [*HEADER, "Kinh phí dự kiến", "Nguồn vốn"]


def test_a_cost_column_becomes_the_tasks_estimate_in_dong(plan, tq):
    rows = [
        ["1", "Xây dựng CSDL", "Sở KH&CN", "30/6/2026", "", "1,5 tỷ", "Ngân sách trung ương"],
        ["2", "Đào tạo cán bộ", "UBND xã Lâm Bình", "Quý IV", "", "500 triệu", ""],
        ["3", "Hạ tầng số", "Sở Tài chính", "", "", "1.234.567.890", ""],
        ["4", "Không kinh phí", "Sở Tài chính", "", "", "", ""],
    ]
    result = run(plan, tq, rows, header=COST_HEADER)
    assert result.committed, result.rejected
    estimates = {
        e.task.reference: (e.amount, e.source, e.year)
        for e in Estimate.objects.select_related("task")
    }
    assert estimates == {
        "1": (1_500_000_000, "central", 2026),
        "2": (500_000_000, "commune", 2025),
        "3": (1_234_567_890, "provincial", 2025),
    }


def test_a_cost_that_is_not_an_amount_rejects_the_row_naming_the_cell(plan, tq):
    rows = [["1", "Xây dựng CSDL", "Sở KH&CN", "30/6/2026", "", "khoảng 2 tỷ", "Vốn lạ"]]
    result = run(plan, tq, rows, header=COST_HEADER)
    assert not result.committed
    assert {(p.row, p.column) for p in result.rejected} == {(2, "F"), (2, "G")}
    assert any("Kinh phí" in p.message and "not an amount" in p.message for p in result.rejected)
    assert not Estimate.objects.exists()


def test_the_import_command_says_which_official_and_what_cost_each_row_carries(plan, tq, tmp_path):
    import io
    import json

    from django.core.management import call_command

    person_create(full_name="Nguyễn Văn Đức", unit=tq.tq_skhcn)
    path = tmp_path / "plan.csv"
    path.write_bytes(
        builders.csv_bytes(
            [
                COST_HEADER,
                ["1", "Xây dựng CSDL", "Sở KH&CN", "30/6/2026", "Nguyễn Văn Đức", "2 tỷ", ""],
            ]
        )
    )
    out = io.StringIO()
    call_command("import", str(path), "--directive", "03-KH/UBND", "--within", "08", stdout=out)
    assert "official: Nguyễn Văn Đức; cost: 2,000,000,000 VND" in out.getvalue()
    out = io.StringIO()
    call_command(
        "import", str(path), "--directive", "03-KH/UBND", "--within", "08", "--json", stdout=out
    )
    answer = json.loads(out.getvalue())
    assert (answer["officials_linked"], answer["estimated"]) == (1, 2_000_000_000)


def test_the_preview_page_shows_the_official_found_and_the_cost(client, plan, tq, people):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    person_create(full_name="Nguyễn Văn Đức", unit=tq.tq_skhcn)
    data = builders.csv_bytes(
        [
            COST_HEADER,
            ["1", "Xây dựng CSDL", "Sở KH&CN", "30/6/2026", "đ/c Nguyễn Văn Đức", "1,5 tỷ", ""],
        ]
    )
    client.force_login(people.tq_manager)
    page = client.post(
        reverse("intake:plan_upload"),
        {
            "directive": plan.pk,
            "within": tq.tuyen_quang.pk,
            "file": SimpleUploadedFile("kh.csv", data),
        },
    ).content.decode()
    assert 'data-testid="official"' in page and "Nguyễn Văn Đức</span>" in page
    assert "1.500.000.000 đồng" in page or "1,500,000,000 VND" in page
