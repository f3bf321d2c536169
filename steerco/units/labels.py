"""How a unit is named in a list: its name, and its province's name when the list spans
units of several provinces ("Sở Khoa học và Công nghệ (Tuyên Quang)"), so that twenty
"Sở Khoa học và Công nghệ" of twenty provinces can be told apart. One rule for every
list, page and picker.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import SEGMENT, Unit, UnitKind

PROVINCE_DEPTH = 2  # the root is 1; provinces (and central bodies, ministries) are 2


def province_path(unit: Unit) -> str | None:
    """The path of the level-2 unit above `unit` (its province, for units under a
    province), None for the root and the level-2 units themselves."""
    if unit.depth <= PROVINCE_DEPTH:
        return None
    return unit.path[: PROVINCE_DEPTH * SEGMENT]


def unit_labels(units: Iterable[Unit], *, lang: str = "vi") -> dict[int, str]:
    """Each unit's label by id: its name (English when `lang` is "en" and it has one), and
    ` (province)` when the units lie under more than one province. One query, for the
    provinces' names, and only when they are needed."""
    units = list(units)
    under = {p for u in units if (p := province_path(u)) is not None}
    provinces: dict[str, Unit] = {}
    if len(under | {u.path for u in units if u.kind == UnitKind.PROVINCE}) > 1 and under:
        provinces = {
            p.path: p
            for p in Unit.objects.filter(path__in=under, kind=UnitKind.PROVINCE).only(
                "path", "name", "name_en"
            )
        }
    labels = {}
    for unit in units:
        label = _name(unit, lang)
        province = provinces.get(province_path(unit) or "")
        if province is not None:
            label = f"{label} ({_name(province, lang)})"
        labels[unit.pk] = label
    return labels


def _name(unit: Unit, lang: str) -> str:
    return unit.name_en if lang == "en" and unit.name_en else unit.name
