"""The audit log page's query parameters (views/audit.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from steerco.audit.models import AuditAction

from .forms import DayField, StyledForm


class AuditFilter(StyledForm):
    type = forms.ChoiceField(required=False, label=_("object type"))
    # e.g. "personal data viewed": who opened an official's scorecard (Decree 13/2023)
    action = forms.ChoiceField(
        required=False, label=_("action"), choices=[("", _("any")), *AuditAction.choices]
    )
    by = forms.CharField(required=False, max_length=100, label=_("by"))
    day_from = DayField(required=False, label=_("from"))
    day_to = DayField(required=False, label=_("to"))
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: Any, types: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["type"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [("", _("any")), *types]
