"""Which indicators a unit's entry grid lists: those of the kind it reports as."""

from datetime import date

from steerco.indicators.figures import entry_indicators
from steerco.lib.calendar_periods import parse_calendar_period as P
from steerco.units.models import Unit, UnitKind
from steerco.units.services import unit_create


def former_tuyen_quang(tree):
    unit = unit_create(
        code="old-08",
        name="Tuyên Quang (đến 30/6/2025)",
        kind=UnitKind.FORMER_PROVINCE,
        parent=tree.tuyen_quang,
    )
    Unit.objects.filter(pk=unit.pk).update(ended_on=date(2025, 6, 30), successor=tree.tuyen_quang)
    return Unit.objects.get(pk=unit.pk)


def codes(unit, period):
    return {i.code for i in entry_indicators(unit, P(period))}


def test_a_former_province_enters_a_provinces_indicators(catalogue, tree):
    old = former_tuyen_quang(tree)
    assert "BUDGET_REVENUE" in codes(old, "2024-12")  # reported by provinces
    assert codes(old, "2024-12") == codes(tree.tuyen_quang, "2024-12")
    assert "PROC_HANDLED" not in codes(old, "2024-12")  # a commune's


def test_the_entry_grid_of_a_former_province_lists_them(client, catalogue, tree, people):
    former_tuyen_quang(tree)
    client.force_login(people.tq_manager)
    page = client.get("/indicators/entry/?unit=old-08&period=2024-12").content.decode()
    assert 'name="v_BUDGET_REVENUE"' in page
