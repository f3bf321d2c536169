"""A target must be more than 0 wherever it is entered: it is a ratio term (achievement,
an index's `target` normalisation). The service names the field, the import the row and
column, the admin form the field; the database refuses it too."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from steerco.indicators.admin import TargetAdminForm
from steerco.indicators.imports import targets_import
from steerco.indicators.models import Indicator, Target
from steerco.indicators.problems import IndicatorError
from steerco.indicators.services import target_set
from steerco.indicators.validation import target_problem

from .conftest import csv_file


def test_a_target_of_zero_or_below_has_a_problem_and_a_positive_one_none():
    assert target_problem(Decimal("0.000001")) == ""
    assert target_problem(Decimal(2000)) == ""
    assert target_problem(Decimal(0)).startswith("a target must be more than 0, not 0:")
    assert "not -5" in target_problem(Decimal("-5.0"))
    assert "at most six decimal places" in target_problem(Decimal("1.0000001"))


@pytest.mark.parametrize("target", ["0", "-1", "-0.5"])
def test_the_service_refuses_a_target_not_above_zero_naming_the_field(catalogue, tree, target):
    # lower is better or higher: a ratio either way
    for code in ("BUDGET_REVENUE", "PROC_ON_TIME_SHARE"):
        with pytest.raises(IndicatorError, match="a target must be more than 0") as error:
            target_set(
                unit=tree.tuyen_quang,
                indicator=Indicator.objects.get(code=code),
                period="2025",
                target=Decimal(target),
            )
        assert error.value.field == "target"
    assert not Target.objects.exists()


def test_a_baseline_of_zero_is_still_a_baseline(catalogue, tree):
    target = target_set(
        unit=tree.tuyen_quang,
        indicator=Indicator.objects.get(code="BUDGET_REVENUE"),
        period="2025",
        target=Decimal(10),
        baseline=Decimal(0),
        baseline_period="2024",
    )
    assert (target.target, target.baseline) == (10, 0)


def test_the_import_refuses_the_whole_file_naming_the_row_and_column(catalogue, tree):
    data = csv_file(
        "unit,indicator,period,target\n"
        "08,BUDGET_REVENUE,2025,2000\n"
        "08,FOREST_COVER,2025,0\n"
        '04,BUDGET_REVENUE,2025,"-1,5"\n'
    )
    result = targets_import(name="t.csv", data=data, commit=True)
    assert [(p.row, p.column, p.value) for p in result.rejected] == [
        (3, "target", "0"),
        (4, "target", "-1,5"),
    ]
    assert "a target must be more than 0, not -1.5" in str(result.rejected[1])
    assert not result.committed and not Target.objects.exists()


def test_the_targets_command_says_where(catalogue, tree, tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("unit,indicator,period,target\n08,FOREST_COVER,2025,0\n")
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 problem\(s\); nothing written"):
        call_command("targets", "import", str(path), "--commit", stdout=out)
    assert "row 2, target '0': a target must be more than 0" in out.getvalue()


def test_the_admin_form_puts_the_refusal_on_the_target_field(catalogue, tree):
    form = TargetAdminForm(
        data={
            "indicator": Indicator.objects.get(code="FOREST_COVER").pk,
            "unit": tree.tuyen_quang.pk,
            "period": "2025",
            "target": "0",
            "trajectory": "linear",
        }
    )
    assert not form.is_valid()
    assert list(form.errors) == ["target"]
    assert form.errors["target"][0].startswith("a target must be more than 0")


def test_the_database_refuses_a_target_not_above_zero(catalogue, tree):
    forest = Indicator.objects.get(code="FOREST_COVER")
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.bulk_create(
            [Target(indicator=forest, unit=tree.tuyen_quang, period="2025", target=0)]
        )


def test_the_admin_add_page_refuses_it_at_the_field(admin_client, catalogue, tree):
    page = admin_client.post(
        "/admin/indicators/target/add/",
        {
            "indicator": Indicator.objects.get(code="FOREST_COVER").pk,
            "unit": tree.tuyen_quang.pk,
            "period": "2025",
            "target": "-3",
            "trajectory": "linear",
        },
    )
    assert page.status_code == 200  # the form again, with its error
    assert "a target must be more than 0, not -3" in page.content.decode()
    assert not Target.objects.exists()
