from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from steerco.directives.models import Directive
from steerco.lib.vietnamese import lang_of
from steerco.scoring.scope import ALL, Scope, scope_for

from ..access import directive_param

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class BadParameter(BadRequest):
    """Query parameters a page cannot read: answered 400, naming each with what is wrong
    (views/errors.py, templates/400.html) — never quietly dropped for a default."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(f"{name}: {' '.join(messages)}" for name, messages in problems.items())
        )


def valid_or_400(form: forms.Form) -> dict[str, Any]:
    """The cleaned data of a bound form of query parameters, or BadParameter naming the
    parameters it refused."""
    if not form.is_valid():
        raise BadParameter(
            {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        )
    return form.cleaned_data


def today() -> date:
    return timezone.localdate()


def lang() -> str:
    """ "vi" or "en": the active language's, for figures and sentences."""
    return lang_of(get_language())


def as_of_or_today(value: date | None) -> date:
    return value or today()


def scope_from(user: User, value: str | None) -> tuple[Scope, Directive | None]:
    """All tasks, or the directive the `directive` query parameter names (`value`) and
    everything implementing it. 404 when the parameter names no directive the user may
    open: never all tasks instead (access.directive_param)."""
    directive = directive_param(user, value)
    if directive is None:
        return ALL, None
    return scope_for(directive, with_implementing=True), directive


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
