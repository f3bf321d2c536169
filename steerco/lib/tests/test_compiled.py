"""A query compiled once answers for any values, even values that coincide."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Q

from steerco.directives.models import Task
from steerco.lib.compiled import run_compiled
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _query(*, due_from: date, due_to: date, created_before: datetime, low: str, high: str):
    return (
        Task.objects.filter(
            Q(original_due_on__gte=due_from) & Q(original_due_on__lte=due_to),
            created_at__lt=created_before,
            lead_unit__path__gte=low,
            lead_unit__path__lt=high,
        )
        .values_list("lead_unit__code")
        .annotate(n=Count("pk"))
        .order_by("lead_unit__code")
    )


def test_compiled_once_and_run_with_each_set_of_values(tree):
    plan = make_directive(tree.committee)
    for day in (1, 10, 20):
        make_task(plan, tree.tq_skhcn, due_on=date(2025, 6, day))
    make_task(plan, tree.cb_skhcn, due_on=date(2025, 6, 10))
    built = []

    def build(**values):
        built.append(values)
        return _query(**values)

    later = datetime.now(TZ) + timedelta(days=1)
    nation = {"low": tree.root.path, "high": tree.root.upper_path}
    province = {"low": tree.tuyen_quang.path, "high": tree.tuyen_quang.upper_path}
    cases = [
        dict(due_from=date(2025, 6, 1), due_to=date(2025, 6, 30), **nation),
        dict(due_from=date(2025, 6, 10), due_to=date(2025, 6, 10), **nation),  # equal values
        dict(due_from=date(2025, 6, 2), due_to=date(2025, 6, 20), **province),
    ]
    for values in cases:
        values = {**values, "created_before": later}
        assert run_compiled("test", build, values) == list(_query(**values))
    assert len(built) == 1


def test_a_value_the_backend_rewrites_is_refused_rather_than_left_behind():
    def build(*, prefix: str):
        return Task.objects.filter(lead_unit__path__startswith=prefix).values_list("pk")

    with pytest.raises(ValueError, match="prefix not found"):
        run_compiled("test-like", build, {"prefix": "0001"})


def test_a_value_of_another_type_is_refused():
    with pytest.raises(TypeError, match="limit"):
        run_compiled("test-types", lambda **v: Task.objects.all(), {"limit": 3.5})


def test_the_compiled_queries_kept_are_bounded(monkeypatch):
    from steerco.lib import compiled

    monkeypatch.setattr(compiled, "_compiled", {})
    monkeypatch.setattr(compiled, "MAX_COMPILED", 3)

    def build(*, low: str):
        return Task.objects.filter(lead_unit__path__gte=low).values_list("pk")

    for n in range(5):
        run_compiled(("bounded", n), build, {"low": "0001"})
    assert [key[0] for key in compiled._compiled] == [
        ("bounded", 2),
        ("bounded", 3),
        ("bounded", 4),
    ]
