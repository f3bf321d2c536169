"""The unit picker: a text input with a <datalist> of the units a user may choose, typed
as a name (with or without diacritics: "Tuyen Quang", "so khoa hoc va cong nghe") or a
code, resolved on the server. No vendored script: the browser's datalist searches.

`UnitField` cleans to a `Unit` (or None when empty and not required). A text that names no
unit, or several that the list cannot tell apart, is a form error on the field — never a
404 page. Whether the user may act on the unit is the page's question (access.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from steerco.lib.vietnamese import fold
from steerco.units.labels import province_path, unit_labels
from steerco.units.models import Unit, UnitKind, path_upper_bound
from steerco.units.permissions import Action, UserLike, granted_paths, units_with_role

# Words a name may be typed without: "Lâm Bình" for "Xã Lâm Bình".
_KIND_WORDS = re.compile(r"^(xa|phuong|dac khu|tinh|thanh pho|tp\.?)\s+")


def _key(text: str) -> str:
    return fold(text).replace("(", " ").replace(")", " ").replace("  ", " ").strip()


def _short(text: str) -> str:
    return _KIND_WORDS.sub("", _key(text))


class AmbiguousUnit(ValueError):
    pass


def resolve_unit(
    text: str,
    offered: Sequence[Unit],
    labels: dict[int, str],
    among: QuerySet[Unit] | None = None,
) -> Unit | None:
    """The unit `text` names: by code; else by its label or name among `offered`, folded;
    else by name among all current units, folded. None when nothing matches; raises
    AmbiguousUnit when several units match and the list cannot tell them apart.

    `among` (by default every unit) bounds the search: a page that must not tell whether a
    unit outside the user's roles exists passes the units they may see (`seen_units`),
    and offers only units among them."""
    text = text.strip()
    if not text:
        return None
    units = Unit.objects.all() if among is None else among
    by_code = units.filter(code=text).first()
    if by_code is not None:
        return by_code
    for unit in offered:
        if unit.code.lower() == text.lower():
            return unit
    key = _key(text)
    for candidates in (
        [u for u in offered if _key(labels.get(u.pk, u.name)) == key],
        [u for u in offered if _key(u.name) == key],
        [u for u in offered if _short(u.name) == _short(text)],
    ):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise AmbiguousUnit(text)
    # Outside the offered list (codes and names are public): one pass over the names.
    rows = units.filter(ended_on__isnull=True).values_list("pk", "name", "name_en")
    found = [pk for pk, name, name_en in rows if key in (_key(name), _key(name_en or ""))]
    if not found:
        found = [pk for pk, name, _en in rows if _short(name) == _short(text)]
    if not found:
        found = _labelled(text, units)
    if len(found) > 1:
        raise AmbiguousUnit(text)
    return Unit.objects.get(pk=found[0]) if found else None


def _labelled(text: str, units: QuerySet[Unit]) -> list[int]:
    """The units a label "Name (Province)" names (`unit_labels`' form, as a list spanning
    several provinces shows a unit) among `units`."""
    name, bracket, province = text.rstrip().removesuffix(")").rpartition("(")
    if not bracket or not text.rstrip().endswith(")"):
        return []
    named = [
        u
        for u in units.filter(ended_on__isnull=True).only("pk", "name", "name_en", "path", "depth")
        if _key(name) in (_key(u.name), _key(u.name_en or ""))
    ]
    paths = {p for u in named if (p := province_path(u)) is not None}
    matching = {
        p.path
        for p in Unit.objects.filter(path__in=paths, kind=UnitKind.PROVINCE)
        if _short(province) in (_short(p.name), _short(p.name_en or ""))
    }
    return [u.pk for u in named if province_path(u) in matching]


def seen_units(user: UserLike) -> QuerySet[Unit]:
    """The units the user's roles let them see: each role's unit and its subtree (every
    unit for a superuser)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Unit.objects.all()
    subtrees = Q(pk__in=[])
    for path in granted_paths(user, Action.VIEW):
        subtrees |= Q(path__gte=path, path__lt=path_upper_bound(path))
    return Unit.objects.filter(subtrees)


def pick_unit(user: UserLike, text: str, *, lang: str = "vi") -> Unit | None:
    """The unit a page's parameter names as the picker sends it (a code, a name with or
    without diacritics, or the picker's label), looked for only among the units `user`
    may see: None when none of them matches — whether or not a unit elsewhere does.
    Raises AmbiguousUnit when several of them match."""
    among = seen_units(user)
    by_code = among.filter(code=text.strip()).first()
    if by_code is not None:  # the links' and the old forms' way: no list to build
        return by_code
    offered = units_with_role(user, Action.VIEW)  # the datalist's units, as labelled there
    return resolve_unit(text, offered, unit_labels(offered, lang=lang), among)


class UnitPickerInput(forms.TextInput):
    """A text input tied to a <datalist> of (label, code) options."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.options: list[tuple[str, str]] = []  # (label, code)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Unit):
            value = value.code
        for label, code in self.options:
            if value == code:
                return label
        return super().format_value(value)

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}-units"
        attrs["list"] = list_id
        attrs.setdefault("placeholder", str(_("type a name or a code")))
        field = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}">{}</option>', ((label, code) for label, code in self.options)
        )
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)


class UnitField(forms.CharField):
    """A unit by name or code, offered from a list (`offer`)."""

    widget = UnitPickerInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)
        self.offered: list[Unit] = []
        self.labels: dict[int, str] = {}

    def offer(self, units: Iterable[Unit], *, lang: str = "vi") -> None:
        """The units the datalist shows (those this user may choose), labelled with their
        province when they span several."""
        self.offered = list(units)
        self.labels = unit_labels(self.offered, lang=lang)
        widget = self.widget
        assert isinstance(widget, UnitPickerInput)
        widget.options = [(self.labels[u.pk], u.code) for u in self.offered]

    def render(self, name: str, value: Unit | str | None, attrs: dict[str, Any]) -> str:
        """The input and its datalist alone, for a page that draws its own form."""
        widget = self.widget
        assert isinstance(widget, UnitPickerInput)
        return widget.render(name, value, attrs)

    def clean(self, value: Any) -> Unit | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            unit = resolve_unit(text, self.offered, self.labels)
        except AmbiguousUnit:
            raise forms.ValidationError(
                _("Several units are named “%(text)s”: choose one from the list or type its code."),
                code="ambiguous",
                params={"text": text},
            ) from None
        if unit is None:
            raise forms.ValidationError(
                _("No unit is named “%(text)s”: choose one from the list or type its code."),
                code="unknown",
                params={"text": text},
            )
        return unit
