"""Argument parsing shared by steerco's management commands: one clear line per bad argument.

Arguments that name a unit or a directive are read by their apps: `unit_arg` in
steerco/units/cli.py, `directive_arg` in steerco/directives/cli.py."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.management.base import CommandError

if TYPE_CHECKING:
    # The forwarder's own import (a known layer exception that goes with it).
    from steerco.units.cli import Unit


def parse_day(value: str, argument: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(f"{argument}: {value!r} is not a date; expected YYYY-MM-DD") from None


def lang_arg(value: str) -> str:
    if value not in ("vi", "en"):
        raise CommandError(f"--lang: {value!r} is not a language; expected vi or en")
    return value


def unit_arg(value: str, argument: str = "--unit") -> Unit:
    """Moved to steerco/units/cli.py. This forwarder holds no rule; it stays only until
    steerco/indicators/management/commands/indicator.py (being built by another engineer as
    this moved) imports unit_arg from there — then delete it and its KNOWN_EXCEPTIONS entry
    in tests/test_layers.py."""
    from steerco.units.cli import unit_arg as unit_from

    return unit_from(value, argument)
