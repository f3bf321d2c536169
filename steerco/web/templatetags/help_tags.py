"""Template helpers of the help pages and empty states (issue 15, item 15)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

register = template.Library()


@register.filter
def no_figures(entries: Iterable[Any]) -> bool:
    """True when no entry of a ranking counts a task: the peers have nothing to compare."""
    return not any(getattr(e.counts, "total", 0) for e in entries)
