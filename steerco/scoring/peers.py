"""Peer sets: the units that are ranked against each other.

Provinces rank among all provinces; a province's departments among themselves, and its
communes among themselves. The command line names a set (`peer_set`), the ranking page
asks for a kind and a parent with defaults from the user's home unit (`resolve_peers`),
a report ranks a unit among its siblings (`peers_of`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from steerco.units.models import Unit, UnitKind
from steerco.units.selectors import UnitLookupError, find_unit

from .scorecard import ClassCounts

# A ranking page's kinds of peers, and the kind of unit each ranks.
PEER_KINDS = {
    "provinces": UnitKind.PROVINCE,
    "departments": UnitKind.DEPARTMENT,
    "communes": UnitKind.COMMUNE,
}


class PeerSetError(ValueError):
    pass


def provinces() -> list[Unit]:
    return list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path"))


def peers_under(parent: Unit, kind: UnitKind) -> list[Unit]:
    """The units of `kind` directly under `parent` (a province's departments or communes)."""
    return list(Unit.objects.filter(parent=parent, kind=kind).order_by("path"))


def peer_set(spec: str) -> tuple[str, list[Unit]]:
    """`provinces`, `communes-of:UNIT`, `departments-of:UNIT` -> (label, units)."""
    if spec == "provinces":
        return "provinces", provinces()
    kinds = {"communes-of": UnitKind.COMMUNE, "departments-of": UnitKind.DEPARTMENT}
    name, _, unit_text = spec.partition(":")
    if name not in kinds or not unit_text:
        raise PeerSetError(
            f"unknown peer set {spec!r}: expected provinces, communes-of:UNIT or departments-of:UNIT"
        )
    try:
        parent = find_unit(text=unit_text)
    except UnitLookupError as exc:
        raise PeerSetError(str(exc)) from None
    units = peers_under(parent, kinds[name])
    if not units:
        raise PeerSetError(f"{parent.name} has no {kinds[name].label}")
    return f"{name}:{parent.code}", units


def default_peer_kind(home: Unit | None) -> str:
    """What a user ranks by default: a commune's communes, a department's departments,
    everyone else the provinces."""
    if home is not None and home.kind == UnitKind.COMMUNE:
        return "communes"
    if home is not None and home.kind == UnitKind.DEPARTMENT:
        return "departments"
    return "provinces"


def province_of(unit: Unit) -> Unit | None:
    """The province `unit` is or lies in (None above the provinces)."""
    if unit.kind == UnitKind.PROVINCE:
        return unit
    if unit.parent_id is None:
        return None
    return unit.ancestors().filter(kind=UnitKind.PROVINCE).first()


def resolve_peers(
    home: Unit | None,
    kind: str = "",
    parent: Unit | None = None,
    *,
    every_province: list[Unit] | None = None,
) -> tuple[Unit | None, str, list[Unit]]:
    """(parent, kind, peers) for a ranking page: `kind` (one of PEER_KINDS; by default
    `default_peer_kind(home)`); for departments or communes, those under `parent`, by
    default under the home unit's province. No peers when there is no such parent.
    `every_province`: `provinces()` if the caller has read it already."""
    kind = kind or default_peer_kind(home)
    if kind == "provinces":
        return None, kind, provinces() if every_province is None else every_province
    if parent is None and home is not None:
        parent = province_of(home)
    if parent is None:
        return None, kind, []
    return parent, kind, peers_under(parent, PEER_KINDS[kind])


def peers_of(unit: Unit) -> list[Unit]:
    """The unit's siblings of the same kind, itself included."""
    if unit.parent_id is None:
        return [unit]
    return list(Unit.objects.filter(parent_id=unit.parent_id, kind=unit.kind).order_by("path"))


def listed_children(children: Sequence[Unit], counts: Mapping[int, ClassCounts]) -> list[Unit]:
    """The children a breakdown by unit lists (the overview's table, the API scorecard's
    children): all of them but a steering committee with no task in scope — its meetings'
    tasks are led by departments, so it would only add a row of zeros under its province."""
    return [
        c
        for c in children
        if c.kind != UnitKind.COMMITTEE
        or (c.pk in counts and (counts[c.pk].total or counts[c.pk].cancelled))
    ]
