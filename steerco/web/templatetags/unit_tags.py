"""Units named in lists: `{% unit_labels items "lead_unit" as labels %}` then
`{{ labels|label_of:task.lead_unit }}` — the unit's name, with its province when the
list spans units of several provinces (steerco.units.labels, the one rule)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from steerco.units.labels import unit_labels as labels_of_units
from steerco.units.models import Unit

from ..views.common import lang

register = template.Library()


def _units(items: Iterable[Any], attr: str) -> Iterable[Unit]:
    for item in items:
        # A tree node (web.selectors.TaskNode) holds its task and its children.
        task = getattr(item, "task", None)
        if task is not None and hasattr(item, "children"):
            yield from _units([task], attr)
            yield from _units(item.children, attr)
            continue
        unit = getattr(item, attr) if attr else item
        if isinstance(unit, Unit):
            yield unit


@register.simple_tag
def unit_labels(items: Iterable[Any], attr: str = "") -> dict[int, str]:
    """Labels by unit id for the units of `items` (units, or objects whose `attr` is one;
    tree nodes with their children)."""
    units = {u.pk: u for u in _units(items, attr)}
    return labels_of_units(units.values(), lang=lang())


@register.filter
def label_of(labels: dict[int, str], unit: Unit | None) -> str:
    if unit is None:
        return ""
    return labels.get(unit.pk, unit.name) if isinstance(labels, dict) else unit.name
