"""Reading officials: those a task's responsibility may go to, and those of the units a
user manages."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from steerco.units.models import SEGMENT, Unit, path_upper_bound

from .models import Person


def officials_around(unit: Unit) -> QuerySet[Person]:
    """The officials of `unit`, of the units under it and of the units above it — whom a
    task led by `unit` may name as responsible (steerco.directives.responsibility)."""
    above = [unit.path[: i * SEGMENT] for i in range(1, unit.depth)]
    return (
        Person.objects.filter(
            Q(unit__path__in=above)
            | Q(unit__path__gte=unit.path, unit__path__lt=path_upper_bound(unit.path))
        )
        .select_related("unit")
        .order_by("unit__path", "full_name", "id")
    )


def officials_in(units: list[Unit]) -> QuerySet[Person]:
    """The officials of `units` and of the units under them, by unit then name."""
    if not units:
        return Person.objects.none()
    condition = Q()
    for unit in units:
        condition |= Q(unit__path__gte=unit.path, unit__path__lt=path_upper_bound(unit.path))
    return (
        Person.objects.filter(condition)
        .select_related("unit", "user")
        .order_by("unit__path", "full_name", "id")
    )
