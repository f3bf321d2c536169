"""Whether the summaries agree with the tasks classified one by one (`steerco summaries
--check`, and the tests): the counts of every unit's subtree, by class and reporting
status, both ways."""

from __future__ import annotations

from datetime import date

from django.test.utils import override_settings

from steerco.units.models import Unit

from .scope import ALL, Scope
from .selectors import class_counts_by_directive, class_counts_by_peer

# The counts by directive are compared for the first units by path (the root and the
# first provinces): one query a unit.
DIRECTIVE_UNITS = 50


def _by_directive(unit: Unit, day: date, scope: Scope) -> dict:
    return class_counts_by_directive(unit=unit, as_of=day, scope=scope)


def _figures(units: list[Unit], day: date, scope: Scope) -> dict:
    out: dict = {}
    by_level: dict[int, list[Unit]] = {}
    for unit in units:
        by_level.setdefault(len(unit.path), []).append(unit)
    for peers in by_level.values():
        for pk, counts in class_counts_by_peer(peers=peers, as_of=day, scope=scope).items():
            out[pk] = counts
    return out


def differences(day: date, scope: Scope = ALL, units: list[Unit] | None = None) -> list[str]:
    """One line per unit whose figures differ (empty: they agree)."""
    units = list(units if units is not None else Unit.objects.order_by("path"))
    with override_settings(STEERCO_FIGURES_CACHE=False):
        summed = _figures(units, day, scope)
        summed_directives = {u.pk: _by_directive(u, day, scope) for u in units[:DIRECTIVE_UNITS]}
        with override_settings(STEERCO_SUMMARIES=False):
            live = _figures(units, day, scope)
            live_directives = {u.pk: _by_directive(u, day, scope) for u in units[:DIRECTIVE_UNITS]}
    lines = []
    for unit in units:
        if summed[unit.pk] != live[unit.pk]:
            lines.append(f"{unit.code}: summaries {summed[unit.pk]} != tasks {live[unit.pk]}")
        if unit.pk in summed_directives and summed_directives[unit.pk] != live_directives[unit.pk]:
            lines.append(f"{unit.code}: by directive, summaries differ from tasks")
    return lines
