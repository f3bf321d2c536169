"""Argument parsing shared by steerco's management commands: one clear line per bad argument."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError


def parse_day(value: str, argument: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(f"{argument}: {value!r} is not a date; expected YYYY-MM-DD") from None


def unit_arg(value: str, argument: str = "--unit"):  # type: ignore[no-untyped-def]
    from steerco.scoring.peers import PeerSetError, find_unit

    try:
        return find_unit(value)
    except PeerSetError as exc:
        raise CommandError(f"{argument}: {exc}") from None


def directive_arg(value: str | None, argument: str = "--directive"):  # type: ignore[no-untyped-def]
    from steerco.directives.models import Directive

    if value is None:
        return None
    directive = Directive.objects.filter(symbol=value.strip()).first()
    if directive is None:
        known = ", ".join(Directive.objects.order_by("symbol").values_list("symbol", flat=True)[:8])
        raise CommandError(
            f"{argument}: unknown directive {value!r}; expected a symbol such as {known or '57-NQ/TW'}"
        )
    return directive


def lang_arg(value: str) -> str:
    if value not in ("vi", "en"):
        raise CommandError(f"--lang: {value!r} is not a language; expected vi or en")
    return value
