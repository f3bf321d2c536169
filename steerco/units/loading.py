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

from .models import Unit, UnitKind
from .services import unit_upsert

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


def department_code(province: Unit, suffix: str) -> str:
    return f"{province.code}-{suffix}"


def _level_words(province_type: str) -> dict[str, str]:
    city = province_type.startswith("thành phố")
    return {
        "level": "thành phố" if city else "tỉnh",
        "party": "Thành ủy" if city else "Tỉnh ủy",
        "level_en": "City" if city else "Provincial",
        "level_en_cap": "City" if city else "Provincial",
    }


@transaction.atomic
def load_vietnam_units() -> LoadResult:
    result = LoadResult()
    root, created = unit_upsert(
        code=ROOT_CODE,
        name="Trung ương",
        name_en="Central level",
        kind=UnitKind.CENTRAL,
        parent=None,
        short_name="TW",
    )
    result.count(created)
    for row in json.loads((FIXTURES / "central.json").read_text("utf-8")):
        _, created = unit_upsert(parent=root, **row)
        result.count(created)

    departments = json.loads((FIXTURES / "departments.json").read_text("utf-8"))
    nested = json.loads(Path(NESTED_DIVISIONS_JSON_PATH).read_text("utf-8"))
    for prov in nested:
        words = _level_words(prov["division_type"])
        province, created = unit_upsert(
            code=province_code(prov["code"]),
            name=prov["name"],
            kind=UnitKind.PROVINCE,
            parent=root,
            subkind=prov["division_type"],
            short_name=prov["codename"],
        )
        result.count(created)
        for dep in departments:
            _, created = unit_upsert(
                code=department_code(province, dep["suffix"]),
                name=dep["name"].format(**words).strip(),
                name_en=dep["name_en"].format(**words).strip(),
                short_name=dep["short_name"],
                kind=UnitKind.DEPARTMENT,
                parent=province,
            )
            result.count(created)
        for ward in prov["wards"]:
            _, created = unit_upsert(
                code=f"{ward['code']:05d}",
                name=ward["name"],
                kind=UnitKind.COMMUNE,
                parent=province,
                subkind=ward["division_type"],
                short_name=ward.get("short_codename", ""),
            )
            result.count(created)
    return result


def unit_count_by_kind() -> dict[str, int]:
    from django.db.models import Count

    rows = Unit.objects.values("kind").annotate(n=Count("id")).order_by("kind")
    return {r["kind"]: r["n"] for r in rows}
