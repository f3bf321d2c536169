"""The directive picker: a text input that searches the directives a user may open as they
type (by symbol or title, with or without diacritics), instead of a drop-down of every
directive — 3,360 <option>s for a central viewer, and a 75 ms query on each page that
carried it (issue 20).

The page renders only the chosen directive. A script (static/web/directive_picker.js)
fills the input's <datalist> from `directive_pick` (views/directive_pick.py) as the user
types; without it the field takes a symbol typed in. The `directive` parameter is read by
`pick_directive`: an id (the links' way) or a symbol.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Directive
from steerco.directives.permissions import UserLike, visible_directives_q
from steerco.lib.vietnamese import fold

from .access import directive_param

LIMIT = 20
BATCH = 200  # matches asked at once whether the user may open them


class UnknownDirective(ValueError):
    """A symbol naming no directive the user may open (whether or not one exists)."""


def pick_directive(user: UserLike, value: str | None) -> Directive | None:
    """The directive a page's `directive` parameter names: None when empty; an id is read
    as the links send it (not found when the user may not open it, access.directive_param);
    anything else is a symbol among the directives the user may open, compared without
    regard to case, else UnknownDirective."""
    text = (value or "").strip()
    if not text:
        return None
    if text.isdigit():
        return directive_param(user, text)  # type: ignore[arg-type]
    visible = Directive.objects.filter(visible_directives_q(user))
    found = visible.filter(symbol=text).first()
    if found is None:
        key = fold(text)
        candidates = visible.filter(symbol__iexact=text) if text.isascii() else visible
        found = next((d for d in candidates if fold(d.symbol) == key), None)
    if found is None:
        raise UnknownDirective(text)
    return found


@lru_cache(maxsize=50_000)
def _folded(text: str) -> str:
    return fold(text)


def search_directives(user: UserLike, text: str, limit: int = LIMIT) -> list[Directive]:
    """At most `limit` directives the user may open whose symbol or title contains `text`
    (folded: "chi thi" finds "Chỉ thị"); symbols starting with it first, then other symbol
    matches, then titles; the latest issued first within each.

    The text is matched first, in memory over every directive's folded symbol and title;
    whether the user may open them is asked only of the matches, best first, a batch at a
    time until `limit` are found: for a reporter the visibility test probes tasks per
    directive, and asking it of the whole catalogue took 150-270 ms at national scale."""
    key = fold(text)
    if not key:
        return []
    rows = list(
        Directive.objects.order_by("-issued_on", "symbol").values_list("pk", "symbol", "title")
    )
    ranked: list[tuple[int, int]] = []
    for n, (_pk, symbol, title) in enumerate(rows):
        s = _folded(symbol)
        if s.startswith(key):
            ranked.append((0, n))
        elif key in s:
            ranked.append((1, n))
        elif key in _folded(title):
            ranked.append((2, n))
    candidates = [rows[n] for _rank, n in sorted(ranked)]
    visible_q = visible_directives_q(user)
    found: list[Directive] = []
    for start in range(0, len(candidates), BATCH):
        batch = candidates[start : start + BATCH]
        may_open = set(
            Directive.objects.filter(visible_q, pk__in=[pk for pk, _s, _t in batch]).values_list(
                "pk", flat=True
            )
        )
        found += [Directive(pk=pk, symbol=s, title=t) for pk, s, t in batch if pk in may_open]
        if len(found) >= limit:
            break
    return found[:limit]


def picker(directive: Directive | None, *, input_id: str, css: str = "form-control") -> SafeString:
    """The picker's markup: the text input (the chosen directive's symbol, its title as the
    tooltip) and a <datalist> holding that one directive; the script adds matches."""
    return DirectivePickerInput(attrs={"id": input_id, "class": css}, chosen=directive).render(
        "directive", directive.symbol if directive else ""
    )


class DirectivePickerInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None, chosen: Directive | None = None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.chosen = chosen

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final = {**self.attrs, **(attrs or {})}
        list_id = f"{final.get('id') or 'id_' + name}-list"
        chosen = self.chosen
        if chosen is not None and isinstance(value, str) and value.isdigit():
            value = chosen.symbol
        extra = {
            "list": list_id,
            "placeholder": str(_("all directives")),
            "data-directive-picker": reverse("web:directive_pick"),
            "spellcheck": "false",
        }
        # The hint as a title: in the placeholder it was wider than the field at every width.
        extra["title"] = (
            chosen.title if chosen is not None else str(_("type a symbol or words of the title"))
        )
        html = super().render(name, value, {**final, **extra}, renderer)
        option = (
            format_html('<option value="{}">{}</option>', chosen.symbol, chosen.title[:120])
            if chosen is not None
            else ""
        )
        return format_html('{}<datalist id="{}">{}</datalist>', html, list_id, option)


class DirectiveField(forms.CharField):
    """The filter forms' `directive`: a symbol or an id as text (read by the page with
    `pick_directive`, which checks the user may open it)."""

    widget = DirectivePickerInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("directive"))
        super().__init__(**kwargs)

    def choose(self, directive: Directive | None) -> None:
        """The directive the page resolved: shown by its symbol, with its title."""
        assert isinstance(self.widget, DirectivePickerInput)
        self.widget.chosen = directive
