"""Argument parsing shared by steerco's management commands: one clear line per bad argument.

Arguments that name a unit or a directive are read by their apps: `unit_arg` in
steerco/units/cli.py, `directive_arg` in steerco/directives/cli.py."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError


def parse_day(value: str, argument: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(f"{argument}: {value!r} is not a date; expected YYYY-MM-DD") from None


def lang_arg(value: str) -> str:
    if value not in ("vi", "en"):
        raise CommandError(f"--lang: {value!r} is not a language; expected vi or en")
    return value
