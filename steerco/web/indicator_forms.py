"""Forms of the indicator pages: which unit and period a page shows, and the entry grid."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from steerco.indicators.models import Indicator, ValueType
from steerco.indicators.numbers import tidy
from steerco.lib.calendar_periods import (
    CalendarPeriod,
    CalendarPeriodError,
    parse_calendar_period,
)


def period_or_none(text: str | None) -> CalendarPeriod | None:
    """The `period` query parameter; None when absent or empty. ValueError when it is not
    a period (the message says what was expected)."""
    if not text:
        return None
    try:
        return parse_calendar_period(text)
    except CalendarPeriodError as exc:
        raise ValueError(str(exc)) from None


#: calendar_periods.EXPECTED in the user's language (its "or" is translated).
PERIOD_FORMS = _("2025, 2025-H1, 2025-Q3 or 2025-09")


class PeriodForm(forms.Form):
    """The unit and period a page is about (GET)."""

    unit = forms.CharField(label=_("unit code"), required=False, max_length=255)  # or a name
    period = forms.CharField(
        label=_("period"),
        required=False,
        max_length=8,
        help_text=PERIOD_FORMS,
    )

    def clean_period(self) -> CalendarPeriod | None:
        try:
            return period_or_none(self.cleaned_data.get("period"))
        except ValueError:
            raise forms.ValidationError(
                _("Not a period; expected %(expected)s.") % {"expected": PERIOD_FORMS}
            ) from None


def exact_text(value: Decimal, lang: str) -> str:
    """The value as typed back unchanged: every decimal kept, no grouping (98,514 in vi),
    so submitting the grid again reads the same number and records nothing new."""
    text = str(tidy(value))
    return text.replace(".", ",") if lang == "vi" else text


def field_name(code: str) -> str:
    return f"v_{code}"


class EntryForm(forms.Form):
    """A unit's values of its indicators for one period: one field per indicator, in the
    indicators' order; empty fields leave the value as it is."""

    comment = forms.CharField(
        label=_("Source or comment (kept with every value you change)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(
        self,
        *args: Any,
        indicators: Sequence[Indicator],
        current: dict[int, Decimal],
        lang: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            name = indicator.name_en or indicator.name_vi if lang == "en" else indicator.name_vi
            value = current.get(indicator.pk)
            if indicator.value_type == ValueType.YESNO:
                field: forms.Field = forms.ChoiceField(
                    label=name,
                    required=False,
                    choices=[("", "—"), ("1", _("yes")), ("0", _("no"))],
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
                initial = "" if value is None else ("1" if value else "0")
            else:
                field = forms.CharField(
                    label=name,
                    required=False,
                    max_length=40,
                    widget=forms.TextInput(
                        attrs={
                            "class": "form-control text-end",
                            "inputmode": "decimal",
                            "autocomplete": "off",
                        }
                    ),
                )
                initial = "" if value is None else exact_text(value, lang)
            self.fields[field_name(indicator.code)] = field
            self.initial[field_name(indicator.code)] = initial

    def raw_values(self) -> dict[str, str]:
        """The text typed for each indicator, by code (valid forms only)."""
        return {
            i.code: str(self.cleaned_data.get(field_name(i.code)) or "") for i in self.indicators
        }

    def rows(self) -> list[tuple[Indicator, forms.BoundField]]:
        return [(i, self[field_name(i.code)]) for i in self.indicators]
