"""Which peers a ranking page compares."""

from __future__ import annotations

from steerco.units.models import Unit, UnitKind


def resolve_peers(
    home: Unit | None, kind: str, parent_code: str
) -> tuple[Unit | None, str, list[Unit]]:
    """(parent, kind, peers). Default: the provinces for central users and provinces;
    the departments (or communes) of the province for a department (or commune)."""
    if not kind:
        if home is not None and home.kind == UnitKind.COMMUNE:
            kind = "communes"
        elif home is not None and home.kind == UnitKind.DEPARTMENT:
            kind = "departments"
        else:
            kind = "provinces"
    if kind == "provinces":
        return None, kind, list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path"))
    parent = Unit.objects.filter(code=parent_code).first() if parent_code else None
    if parent is None and home is not None:
        parent = home if home.kind == UnitKind.PROVINCE else _province_of(home)
    if parent is None:
        return None, kind, []
    unit_kind = UnitKind.COMMUNE if kind == "communes" else UnitKind.DEPARTMENT
    return parent, kind, list(Unit.objects.filter(parent=parent, kind=unit_kind).order_by("path"))


def _province_of(unit: Unit) -> Unit | None:
    if unit.parent_id is None:
        return None
    return unit.ancestors().filter(kind=UnitKind.PROVINCE).first()


def own_rows(entries, grant_paths: list[str]) -> set[int]:  # type: ignore[no-untyped-def]
    """The peers that are the user's own unit or contain it (highlighted)."""
    return {e.unit.pk for e in entries if any(p.startswith(e.unit.path) for p in grant_paths)}
