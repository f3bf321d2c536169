"""Peer sets: the units that are ranked against each other."""

from __future__ import annotations

from steerco.units.models import Unit, UnitKind
from steerco.units.selectors import UnitLookupError, find_unit


class PeerSetError(ValueError):
    pass


def peer_set(spec: str) -> tuple[str, list[Unit]]:
    """`provinces`, `communes-of:UNIT`, `departments-of:UNIT` -> (label, units)."""
    if spec == "provinces":
        return "provinces", list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path"))
    kinds = {"communes-of": UnitKind.COMMUNE, "departments-of": UnitKind.DEPARTMENT}
    name, _, unit_text = spec.partition(":")
    if name not in kinds or not unit_text:
        raise PeerSetError(
            f"unknown peer set {spec!r}: expected provinces, communes-of:UNIT or departments-of:UNIT"
        )
    try:
        parent = find_unit(unit_text)
    except UnitLookupError as exc:
        raise PeerSetError(str(exc)) from None
    units = list(Unit.objects.filter(parent=parent, kind=kinds[name]).order_by("path"))
    if not units:
        raise PeerSetError(f"{parent.name} has no {kinds[name].label}")
    return f"{name}:{parent.code}", units


def peers_of(unit: Unit) -> list[Unit]:
    """The unit's siblings of the same kind, itself included."""
    if unit.parent_id is None:
        return [unit]
    return list(Unit.objects.filter(parent_id=unit.parent_id, kind=unit.kind).order_by("path"))
