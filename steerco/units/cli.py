"""Command-line arguments that name a unit: one clear line per bad argument."""

from __future__ import annotations

from django.core.management.base import CommandError

from .models import Unit
from .selectors import UnitLookupError, find_unit


def unit_arg(value: str, argument: str = "--unit") -> Unit:
    try:
        return find_unit(text=value)
    except UnitLookupError as exc:
        raise CommandError(f"{argument}: {exc}") from None
