"""Load Vietnam's organisation tree: the central level, 34 provinces, 3,321 communes
(from the `vietnam-provinces` package) and each province's departments (fixture).

Loading twice changes nothing: units are matched by code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

from .models import SEGMENT, Unit, UnitKind
from .services import UnitError

FIXTURES = Path(__file__).parent / "fixtures"
ROOT_CODE = "TW"


@dataclass
class LoadResult:
    created: int = 0
    unchanged: int = 0

    def count(self, created: bool) -> None:
        if created:
            self.created += 1
        else:
            self.unchanged += 1


def province_code(number: int) -> str:
    return f"{number:02d}"


def _level_words(province_type: str) -> dict[str, str]:
    city = province_type.startswith("thành phố")
    return {
        "level": "thành phố" if city else "tỉnh",
        "party": "Thành ủy" if city else "Tỉnh ủy",
        "level_en": "City" if city else "Provincial",
        "level_en_cap": "City" if city else "Provincial",
    }


@dataclass
class _Planned:
    code: str
    parent_code: str | None
    fields: dict[str, str]


def _plan() -> list[_Planned]:
    """Every unit of the Vietnamese tree, parents before children, in sibling order."""
    planned = [
        _Planned(
            ROOT_CODE,
            None,
            {
                "name": "Trung ương",
                "name_en": "Central level",
                "kind": UnitKind.CENTRAL,
                "short_name": "TW",
            },
        )
    ]
    for row in json.loads((FIXTURES / "central.json").read_text("utf-8")):
        row = dict(row)
        planned.append(_Planned(row.pop("code"), ROOT_CODE, row))
    departments = json.loads((FIXTURES / "departments.json").read_text("utf-8"))
    nested = json.loads(Path(NESTED_DIVISIONS_JSON_PATH).read_text("utf-8"))
    for prov in nested:
        words = _level_words(prov["division_type"])
        code = province_code(prov["code"])
        planned.append(
            _Planned(
                code,
                ROOT_CODE,
                {
                    "name": prov["name"],
                    "kind": UnitKind.PROVINCE,
                    "subkind": prov["division_type"],
                    "short_name": prov["codename"],
                },
            )
        )
        for dep in departments:
            planned.append(
                _Planned(
                    f"{code}-{dep['suffix']}",
                    code,
                    {
                        "name": dep["name"].format(**words).strip(),
                        "name_en": dep["name_en"].format(**words).strip(),
                        "short_name": dep["short_name"],
                        "kind": UnitKind.DEPARTMENT,
                    },
                )
            )
        for ward in prov["wards"]:
            planned.append(
                _Planned(
                    f"{ward['code']:05d}",
                    code,
                    {
                        "name": ward["name"],
                        "kind": UnitKind.COMMUNE,
                        "subkind": ward["division_type"],
                        "short_name": ward.get("short_codename", ""),
                    },
                )
            )
    return planned


@transaction.atomic
def load_vietnam_units() -> LoadResult:
    """Create the units that are missing (in bulk) and bring the others' names up to date.

    Existing units keep their paths; a new unit takes the next free path under its parent."""
    result = LoadResult()
    existing = {u.code: u for u in Unit.objects.select_for_update().all()}
    code_of = {u.pk: code for code, u in existing.items()}
    next_number: dict[str | None, int] = {}
    for unit in existing.values():
        key = code_of.get(unit.parent_id) if unit.parent_id else None
        next_number[key] = max(next_number.get(key, 1), int(unit.path[-SEGMENT:]) + 1)
    changed: list[Unit] = []
    changed_fields: set[str] = set()
    created_by_depth: dict[int, list[Unit]] = {}
    for item in _plan():
        found = existing.get(item.code)
        parent = existing.get(item.parent_code) if item.parent_code else None
        if found is not None:
            unit = found
            if (unit.parent_id or None) != (parent.pk if parent else None):
                raise UnitError(
                    f"unit {item.code!r} exists under another parent; moving units is not supported"
                )
            diff = [f for f, v in item.fields.items() if getattr(unit, f) != v]
            for f in diff:
                setattr(unit, f, item.fields[f])
            if diff:
                changed.append(unit)
                changed_fields.update(diff)
            result.count(False)
            continue
        number = next_number.get(item.parent_code, 1)
        next_number[item.parent_code] = number + 1
        prefix = parent.path if parent else ""
        unit = Unit(
            code=item.code,
            parent=parent,
            path=prefix + str(number).zfill(SEGMENT),
            depth=(parent.depth if parent else 0) + 1,
            **item.fields,
        )
        existing[item.code] = unit
        result.count(True)
        created_by_depth.setdefault(unit.depth, []).append(unit)
    for depth in sorted(created_by_depth):  # parents get their keys before their children
        Unit.objects.bulk_create(created_by_depth[depth], batch_size=1000)
    if changed:
        Unit.objects.bulk_update(changed, sorted(changed_fields), batch_size=500)
    return result


def unit_count_by_kind() -> dict[str, int]:
    from django.db.models import Count

    rows = Unit.objects.values("kind").annotate(n=Count("id")).order_by("kind")
    return {r["kind"]: r["n"] for r in rows}
