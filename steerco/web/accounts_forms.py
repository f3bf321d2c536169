"""Forms of the account administration pages (views/accounts_admin.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from steerco.accounts.selectors import Status
from steerco.lib.vietnamese import lang_of
from steerco.units.models import Role, Unit

from .forms import StyledForm
from .unit_picker import UnitField


def _role_choices(roles: Sequence[str]) -> list[tuple[str, Any]]:
    labels = dict(Role.choices)
    return [(r, labels[r]) for r in roles]


class DirectoryFilter(StyledForm):
    """The roles page's query parameters."""

    unit = forms.CharField(required=False, max_length=32, label=_("unit"))
    role = forms.ChoiceField(required=False, label=_("role"))
    q = forms.CharField(required=False, max_length=100, label=_("name"))
    status = forms.ChoiceField(
        required=False,
        label=_("accounts"),
        choices=[
            ("", _("all")),
            (Status.ACTIVE, pgettext_lazy("account", "active")),
            (Status.INACTIVE, _("deactivated")),
        ],
    )
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("any role")), *Role.choices]  # type: ignore[attr-defined]


class RoleForm(StyledForm):
    """A role to give on a unit, chosen with the searchable unit picker among the units
    the manager manages (by name, with or without diacritics, or by code)."""

    unit = UnitField(
        label=_("unit"),
        help_text=_("Type part of its name or its code, e.g. Lâm Bình, 08-SKHCN."),
    )
    role = forms.ChoiceField(label=_("role"))

    def __init__(
        self,
        *args: Any,
        roles: Sequence[str] = (),
        units: Iterable[Unit] = (),
        lang: str = "vi",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, UnitField)
        unit_field.offer(units, lang=lang_of(lang))


class AccountForm(RoleForm):
    """A new account: who the official is, their first role, and — optionally — a
    password; without one, an invitation link is made."""

    username = forms.CharField(max_length=150, label=_("user name"))
    full_name = forms.CharField(max_length=150, label=_("full name"))
    email = forms.EmailField(required=False, label=_("e-mail"))
    password1 = forms.CharField(
        required=False,
        label=_("password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to make an invitation link the official opens to choose one."),
    )
    password2 = forms.CharField(
        required=False,
        label=_("password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "full_name", "email", "unit", "role", "password1", "password2"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1", "") != data.get("password2", ""):
            self.add_error("password2", _("The two passwords differ."))
        return data


class DetailsForm(StyledForm):
    """An account's full name and e-mail, as a manager corrects them."""

    full_name = forms.CharField(max_length=150, label=_("full name"))
    email = forms.EmailField(required=False, label=_("e-mail"))
