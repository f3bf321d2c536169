"""The officials pages' forms: the list's filter and an official's record (name,
position, unit among those the user manages, account by user name, dates in post). The
rules are steerco.people.services', which name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from steerco.units.models import Unit

from .forms import DayField


class OfficialsFilter(forms.Form):
    unit = forms.CharField(required=False, max_length=32)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.code})"


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=255)
    position = forms.CharField(
        label=_("position"),
        max_length=255,
        required=False,
        help_text=_("e.g. Giám đốc Sở, Chủ tịch UBND xã"),
    )
    unit = UnitChoiceField(label=_("unit"), queryset=Unit.objects.none())
    username = forms.CharField(
        label=_("user account"),
        max_length=150,
        required=False,
        help_text=_("The user name the official signs in with, if they have an account."),
    )
    active_from = DayField(label=_("in post from"), required=False)
    active_until = DayField(label=_("in post until"), required=False)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, UnitChoiceField)
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")

    def clean_username(self) -> User | None:
        name = self.cleaned_data["username"].strip()
        if not name:
            return None
        user = User.objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(_("No account has this user name."))
        return user
