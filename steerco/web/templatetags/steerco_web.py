"""Formatting for steerco's pages: rates, numbers, classes and their colours."""

from __future__ import annotations

from django import forms, template
from django.forms import BoundField
from django.http import QueryDict
from django.utils.translation import get_language

from steerco.lib.vietnamese import format_number, format_percent, lang_of
from steerco.progress import actions

from ..labels import CLASS_LABELS, class_colour

register = template.Library()


def _lang() -> str:
    return lang_of(get_language())


@register.filter
def pct(rate: float | None) -> str:
    return format_percent(rate, _lang())


@register.filter
def num(value: int | float | None) -> str:
    return "—" if value is None else format_number(value, _lang())


@register.filter
def class_label(task_class: str | None) -> str:
    return str(CLASS_LABELS.get(task_class or "", "—"))


@register.filter
def colour(task_class: str | None) -> str:
    return class_colour(task_class) or "none"


@register.filter
def rate_colour(rate: float | None) -> str:
    """Colour of a green rate: green from 80%, yellow from 50%, else red."""
    if rate is None:
        return "none"
    return "green" if rate >= 0.8 else "yellow" if rate >= 0.5 else "red"


@register.filter
def awaiting_acceptance(task: object) -> bool:
    """A completion waiting for a manager's acceptance (progress.actions, the one rule):
    shown as its own badge beside the class, which says what the classification says."""
    return actions.awaiting_acceptance(task)  # type: ignore[arg-type]


@register.filter
def attr(obj: object, name: str) -> object:
    return getattr(obj, name, None)


@register.simple_tag
def query_with(query: str, **changes: object) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params = QueryDict(query, mutable=True)
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = str(value)
    return params.urlencode()


@register.filter
def styled(field: BoundField) -> str:
    """A form field's widget with Bootstrap's class when its form gave it none (Django's
    own password forms: bare 180 px inputs beside steerco's styled ones)."""
    widget = field.field.widget
    if widget.attrs.get("class") or isinstance(widget, forms.HiddenInput):
        return str(field)
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    return str(field.as_widget(attrs={"class": css}))
