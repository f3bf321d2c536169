"""`isodate`: a notice's recorded date (ISO text in its facts) as a date for `|date`."""

from __future__ import annotations

from datetime import date

from django import template

register = template.Library()


@register.filter
def isodate(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
