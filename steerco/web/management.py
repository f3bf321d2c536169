"""Which units a manager may create directives and tasks in."""

from __future__ import annotations

from django.db.models import Q

from steerco.units.models import ROLE_LEVEL, Role, Unit
from steerco.units.permissions import grants

# Deeper than this below a managed unit, units are not offered in the forms' lists.
FORM_DEPTH = 1


def managed_units(user, *, within: Unit | None = None, depth: int = FORM_DEPTH) -> list[Unit]:  # type: ignore[no-untyped-def]
    """Units the user manages (manager role or above), and their units `depth` levels down.
    With `within`, only those inside that unit's subtree or containing it."""
    if getattr(user, "is_superuser", False) and user.is_active:
        roots = list(Unit.objects.filter(parent__isnull=True))
    else:
        paths = [p for p, lvl in grants(user) if lvl >= ROLE_LEVEL[Role.MANAGER]]
        roots = list(Unit.objects.filter(path__in=paths))
    if not roots:
        return []
    q = Q(pk__in=[r.pk for r in roots])
    for root in roots:
        q |= Q(path__gte=root.path, path__lt=root.upper_path, depth__lte=root.depth + depth)
    units = list(Unit.objects.filter(q).order_by("path"))
    if within is not None:
        units = [u for u in units if within.contains(u) or u.contains(within)]
    return units
