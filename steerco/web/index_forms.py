"""The query parameters of the composite index pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from steerco.lib.calendar_periods import CalendarPeriod, CalendarPeriodError, parse_calendar_period

from .forms import RankingForm, StyledForm


class IndexPeriodForm(StyledForm):
    period = forms.CharField(required=False, max_length=8, label=_("period"))

    def clean_period(self) -> CalendarPeriod | None:
        text = self.cleaned_data["period"]
        if not text:
            return None
        try:
            return parse_calendar_period(text)
        except CalendarPeriodError:
            raise forms.ValidationError(
                _("Expected a period such as 2024, 2025-Q3 or 2025-10.")
            ) from None


class IndexRankingForm(IndexPeriodForm):
    SOURCES = [
        ("", _("published where there is one")),
        ("computed", _("computed")),
        ("published", _("published")),
    ]
    peers = forms.ChoiceField(required=False, choices=RankingForm.PEER_KINDS, label=_("peers"))
    unit = forms.CharField(required=False, max_length=32)
    source = forms.ChoiceField(required=False, choices=SOURCES, label=_("source"))
