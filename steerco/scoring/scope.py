"""What a scorecard counts: one directive, a directive and everything implementing it, a field."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from steerco.directives.models import Directive


@dataclass(frozen=True)
class Scope:
    directive_ids: frozenset[int] | None = None
    field: str | None = None
    label: str = ""

    def task_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.directive_ids is not None:
            q &= Q(**{f"{prefix}directive_id__in": sorted(self.directive_ids)})
        if self.field:
            q &= Q(**{f"{prefix}field": self.field})
        return q


ALL = Scope(label="all")


def directive_family(directive: Directive) -> frozenset[int]:
    """The directive and every directive that implements it, at any depth."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Directive.objects.values_list("pk", "implements_id"):
        children.setdefault(parent, []).append(pk)
    found, frontier = {directive.pk}, [directive.pk]
    while frontier:
        nxt = [c for p in frontier for c in children.get(p, []) if c not in found]
        found.update(nxt)
        frontier = nxt
    return frozenset(found)


def scope_for(
    directive: Directive | None = None, *, with_implementing: bool = False, field: str | None = None
) -> Scope:
    if directive is None:
        return Scope(field=field or None, label=field or "all")
    ids = directive_family(directive) if with_implementing else frozenset({directive.pk})
    return Scope(directive_ids=ids, field=field or None, label=directive.symbol)
