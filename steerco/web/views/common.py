from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from steerco.directives.models import Directive
from steerco.directives.permissions import Action
from steerco.lib.vietnamese import lang_of
from steerco.scoring.scope import ALL, Scope, scope_for
from steerco.units.models import Unit

from ..access import unit_for_user
from ..directive_picker import UnknownDirective, pick_directive
from ..unit_picker import AmbiguousUnit, pick_unit

_AMBIGUOUS = gettext_lazy(
    "Several units are named “%(text)s”: choose one from the list or type its code."
)
_NOT_SEEN = gettext_lazy(
    "None of the units you may open is named “%(text)s”: choose one from the list or type its code."
)

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


def directive_from(user: User, value: str | None) -> Directive | None:
    """The directive the `directive` query parameter names (the directive picker's symbol,
    or an id as the links send it); None when empty. Anything naming no directive the user
    may open — an id or a symbol, whether or not it exists elsewhere — is not found
    (access.directive_param): never all tasks instead."""
    try:
        return pick_directive(user, value)
    except UnknownDirective:
        raise Http404(
            _("None of the directives you may open has this number and symbol.")
        ) from None


def scope_from(user: User, value: str | None) -> tuple[Scope, Directive | None]:
    """All tasks, or the directive the `directive` query parameter names (`value`) and
    everything implementing it. 404 when the parameter names no directive the user may
    open: never all tasks instead (directive_from)."""
    directive = directive_from(user, value)
    if directive is None:
        return ALL, None
    return scope_for(directive, with_implementing=True), directive


def unit_from(
    user: User, value: str | None, action: str = Action.VIEW, *, param: str = "unit"
) -> Unit:
    """The unit a page's `param` query parameter names as the unit picker sends it (a code,
    a name with or without diacritics, the picker's label); the user's home unit when it is
    empty. A text naming no unit the user may see — no unit at all, or one outside their
    roles — is one and the same 400 page naming the parameter, so a page never tells
    whether a unit outside the user's roles exists; a unit they see but on which their role
    lacks `action` is 403, as everywhere (access.unit_for_user)."""
    text = (value or "").strip()
    if not text:
        return unit_for_user(user, None, action)
    try:
        unit = pick_unit(user, text, lang=lang())
    except AmbiguousUnit:
        raise BadParameter(
            {param: [_AMBIGUOUS % {"text": text}]},
        ) from None
    if unit is None:
        raise BadParameter({param: [_NOT_SEEN % {"text": text}]})
    return unit_for_user(user, unit.code, action)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
