"""Load Vietnam's organisation tree: the central level, 34 provinces, 3,321 communes
(from the `vietnam-provinces` package), each province's departments (fixture) and its
steering committee for science, technology, innovation and digital transformation
(`<province>-BCD`, kind committee: it holds meetings, issues concluding notices), and the 63
provinces before the merger of 1 July 2025 (fixture `former_provinces.json`, from
Resolution 202/2025/QH15): each is coded `old-` and its former code, named with the day it
ended, and placed under the province that succeeded it, as its predecessor.

Loading twice changes nothing: units are matched by code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

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
    fields: dict[str, object]
    successor_code: str | None = field(default=None)


FORMER_PREFIX = "old-"


def former_code(code: str) -> str:
    """The unit code of a province before the 2025 merger: `old-02` the former Hà Giang."""
    return f"{FORMER_PREFIX}{code}"


def _former_provinces() -> list[_Planned]:
    data = json.loads((FIXTURES / "former_provinces.json").read_text("utf-8"))
    ended = date.fromisoformat(data["ended_on"])
    until = f"{ended.day}/{ended.month}/{ended.year}"
    return [
        _Planned(
            former_code(row["code"]),
            row["successor"],
            {
                "name": f"{row['name']} (đến {until})",
                "name_en": f"{row['name_en']} (until {until})",
                "kind": UnitKind.FORMER_PROVINCE,
                "ended_on": ended,
            },
            successor_code=row["successor"],
        )
        for row in data["provinces"]
    ]


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
        planned += _province(prov, departments)
    planned.extend(_former_provinces())
    return planned


def _province(prov: dict[str, Any], departments: list[dict[str, str]]) -> list[_Planned]:
    """A province of the nested divisions file, its departments and its communes."""
    words = _level_words(prov["division_type"])
    code = province_code(prov["code"])
    planned = [
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
    ]
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
    planned.append(_committee(code, prov["name"], words))  # after the communes: their paths stay
    return planned


COMMITTEE_SUFFIX = "BCD"


def committee_code(province: str) -> str:
    """The code of a province's steering committee: `08-BCD` Tuyên Quang's."""
    return f"{province}-{COMMITTEE_SUFFIX}"


def _committee(code: str, name: str, words: dict[str, str]) -> _Planned:
    """The province's steering committee for science, technology, innovation and digital
    transformation, as the central one (`TW-BCD`, in `central.json`)."""
    name = name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
    return _Planned(
        committee_code(code),
        code,
        {
            "name": "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và "
            f"chuyển đổi số {words['level']} {name}",
            "name_en": f"{name} {words['level_en']} Steering Committee for science, "
            "technology, innovation and digital transformation",
            "short_name": "BCĐ",
            "kind": UnitKind.COMMITTEE,
        },
    )


def _same(unit: Unit, name: str, value: object) -> bool:
    if isinstance(value, Unit):  # compare keys: no query for the unit it points to
        return bool(getattr(unit, f"{name}_id") == value.pk)
    return bool(getattr(unit, name) == value)


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
        if item.successor_code:
            item.fields["successor"] = existing[item.successor_code]
        if found is not None:
            unit = found
            if (unit.parent_id or None) != (parent.pk if parent else None):
                raise UnitError(
                    f"unit {item.code!r} exists under another parent; moving units is not supported"
                )
            diff = [f for f, v in item.fields.items() if not _same(unit, f, v)]
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
