"""Template filters for the composite index pages and the overview's ranks line: one
rule for an index's numbers (`explain.points_text`, `explain.weight_text`), shared with
the meeting report."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from steerco.indicators.indices.explain import points_text, weight_text
from steerco.indicators.indices.models import Normalisation
from steerco.lib.vietnamese import lang_of

register = template.Library()


def _lang() -> str:
    return lang_of(get_language())


@register.filter
def score(value: Decimal | float | None) -> str:
    """An index score or points as shown: two decimals ("732,50"), "—" when there is none."""
    return points_text(value, _lang())


@register.filter
def weight(value: Decimal | float | None) -> str:
    """A weight or an index's scale as its method writes it: 1000 -> "1.000" (vi)."""
    return weight_text(value, _lang())


@register.filter
def named(item: object) -> str:
    """A pillar's or an index's name in the page's language (its Vietnamese name when it
    has no English one)."""
    vi = str(getattr(item, "name_vi", "") or getattr(item, "name", ""))
    return str(getattr(item, "name_en", "") or vi) if _lang() == "en" else vi


@register.filter
def indicator_named(code: str | None, indicators: dict[str, object]) -> str:
    """An index part's indicator by its name in the page's language ("FIBRE_SHARE" is
    "Tỷ lệ hộ gia đình có cáp quang"), its code when the catalogue has no such code."""
    if code is None:
        return ""
    found = indicators.get(code)
    return named(found) if found is not None else code


@register.filter
def normalisation(key: str) -> str:
    """How an index part turns a value into a score, in words ("min-max among peers")."""
    return str(dict(Normalisation.choices).get(key, key))
