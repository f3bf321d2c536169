"""The personal access tokens page's form (views/account.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from steerco.accounts.models import TokenScope
from steerco.accounts.tokens import MAX_DAYS, NAME_MAX

from .forms import StyledForm


class TokenCreateForm(StyledForm):
    name = forms.CharField(
        label=_("name"),
        max_length=NAME_MAX,
        help_text=_("what the token is for, e.g. “province dashboard”"),
    )
    scopes = forms.MultipleChoiceField(
        label=_("what the token may do"),
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("never more than your own roles allow"),
    )
    expires_days = forms.IntegerField(label=_("works for (days)"), min_value=1, max_value=MAX_DAYS)
