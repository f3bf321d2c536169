"""Peer sets: the units that are ranked against each other."""

from __future__ import annotations

from steerco.units.models import Unit, UnitKind


class PeerSetError(ValueError):
    pass


def find_unit(text: str) -> Unit:
    """A unit by code or exact name (Vietnamese or English)."""
    text = text.strip()
    unit = Unit.objects.filter(code=text).first()
    if unit:
        return unit
    matches = list(Unit.objects.filter(name=text)[:2]) or list(
        Unit.objects.filter(name_en=text)[:2]
    )
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise PeerSetError(f"unit {text!r} names several units; give its code")
    raise PeerSetError(
        f"unknown unit {text!r}: expected a unit code (e.g. 08) or an exact unit name"
    )


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
    parent = find_unit(unit_text)
    units = list(Unit.objects.filter(parent=parent, kind=kinds[name]).order_by("path"))
    if not units:
        raise PeerSetError(f"{parent.name} has no {kinds[name].label}")
    return f"{name}:{parent.code}", units


def peers_of(unit: Unit) -> list[Unit]:
    """The unit's siblings of the same kind, itself included."""
    if unit.parent_id is None:
        return [unit]
    return list(Unit.objects.filter(parent_id=unit.parent_id, kind=unit.kind).order_by("path"))
