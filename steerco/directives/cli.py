"""Command-line arguments that name a directive: one clear line per bad argument."""

from __future__ import annotations

from typing import overload

from django.core.management.base import CommandError

from .models import Directive


@overload
def directive_arg(value: str, argument: str = ...) -> Directive: ...
@overload
def directive_arg(value: None, argument: str = ...) -> None: ...
@overload
def directive_arg(value: str | None, argument: str = ...) -> Directive | None: ...


def directive_arg(value: str | None, argument: str = "--directive") -> Directive | None:
    """The directive a symbol names; None for an absent optional argument."""
    if value is None:
        return None
    directive = Directive.objects.filter(symbol=value.strip()).first()
    if directive is None:
        known = ", ".join(Directive.objects.order_by("symbol").values_list("symbol", flat=True)[:8])
        raise CommandError(
            f"{argument}: unknown directive {value!r}; expected a symbol such as {known or '57-NQ/TW'}"
        )
    return directive
