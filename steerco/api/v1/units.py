"""Units: the caller's own, one by its code, and the tree under one.

A unit outside the caller's roles is 403 naming it, an unknown code 404, as on the pages
(steerco/progress/access.py: unit codes are public official codes)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from steerco.api.auth import caller
from steerco.progress.access import unit_by_code
from steerco.units.models import Unit
from steerco.units.permissions import Action, units_with_role

from .schemas import UnitOut, UnitTree

router = Router(tags=["units"])

MAX_DEPTH = 3  # a province and its communes is depth 1; the whole country at 3 is ~4,000


def unit_out(unit: Unit, parent_code: str | None) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "name_en": unit.name_en,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": parent_code,
        "depth": unit.depth,
        "ended_on": unit.ended_on,
    }


@router.get("/units", response=list[UnitOut], url_name="units", summary="The caller's units")
def units(request: HttpRequest) -> list[dict[str, Any]]:
    """The units the caller holds a role on (each role covers the unit's whole subtree)."""
    found = units_with_role(caller(request), Action.VIEW, depth=0)
    parents = dict(
        Unit.objects.filter(pk__in={u.parent_id for u in found if u.parent_id}).values_list(
            "pk", "code"
        )
    )
    return [unit_out(u, parents.get(u.parent_id) if u.parent_id else None) for u in found]


@router.get("/units/{code}", response=UnitOut, url_name="unit", summary="A unit by its code")
def unit(request: HttpRequest, code: str) -> dict[str, Any]:
    found = unit_by_code(caller(request), code)
    parent = found.parent.code if found.parent_id and found.parent else None
    return unit_out(found, parent)


@router.get(
    "/units/{code}/tree",
    response=UnitTree,
    url_name="unit_tree",
    summary="The units under a unit",
)
def unit_tree(
    request: HttpRequest,
    code: str,
    depth: int = Query(1, ge=1, le=MAX_DEPTH, description="Levels below the unit (1 to 3)."),  # type: ignore[type-arg]
) -> dict[str, Any]:
    """The unit and the units under it down to `depth` levels, by path (two queries)."""
    root = unit_by_code(caller(request), code)
    below = list(
        Unit.objects.in_subtree(root)
        .filter(depth__gt=root.depth, depth__lte=root.depth + depth)
        .order_by("path")
    )
    code_of = {root.pk: root.code, **{u.pk: u.code for u in below}}
    parent_code = root.parent.code if root.parent_id and root.parent else None
    nodes: dict[int, dict[str, Any]] = {root.pk: {**unit_out(root, parent_code), "children": []}}
    for u in below:  # by path: a parent comes before its children
        node = {**unit_out(u, code_of.get(u.parent_id or 0)), "children": []}
        nodes[u.pk] = node
        nodes[u.parent_id or 0]["children"].append(node)
    return {"depth": depth, "unit": nodes[root.pk]}
