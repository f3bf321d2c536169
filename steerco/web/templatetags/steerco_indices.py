"""Template filters for the composite index pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from steerco.lib.vietnamese import format_number, lang_of

register = template.Library()


@register.filter
def score(value: Decimal | float | None) -> str:
    """An index score as shown: two decimals, "—" when there is none."""
    return "—" if value is None else format_number(float(value), lang_of(get_language()), 2)
