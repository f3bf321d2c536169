"""The task page's money forms: an estimate, an allocation (with an optional monthly
plan) and a disbursement. Amounts are read as people write them ("1.234.567",
"1,5 tỷ", "500 triệu"); the rules are the budget services', which name the field."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from steerco.budget.amounts import AmountError, parse_amount
from steerco.budget.models import FundingSource
from steerco.lib.days import FIRST_DAY, LAST_DAY

from .forms import DayField
from .intake_forms import SheetPickForm, SheetUploadForm

_PLAN_LINE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*[:=]\s*(.+?)\s*$")


class AmountField(forms.CharField):
    """An amount in đồng as people write it, cleaned to an int."""

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        self.allow_negative = allow_negative
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("help_text", _("In đồng: 1.234.567, 500 triệu or 1,5 tỷ."))
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "decimal"
        return attrs

    def clean(self, value: Any) -> int:
        text = super().clean(value)
        try:
            return parse_amount(text, allow_negative=self.allow_negative)
        except AmountError as exc:
            raise forms.ValidationError(str(exc)) from None


class _MoneyForm(forms.Form):
    source = forms.ChoiceField(label=_("funding source"), choices=FundingSource.choices)
    year = forms.IntegerField(
        label=_("budget year"), min_value=FIRST_DAY.year, max_value=LAST_DAY.year
    )


class EstimateForm(_MoneyForm):
    amount = AmountField(label=_("estimated amount"))
    note = forms.CharField(
        label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AllocationForm(_MoneyForm):
    decision_symbol = forms.CharField(label=_("decision number and symbol"), max_length=64)
    decided_on = DayField(label=_("decision date"))
    amount = AmountField(
        label=_("amount allocated"),
        allow_negative=True,
        help_text=_("In đồng: 1.234.567, 500 triệu or 1,5 tỷ; a minus sign withdraws."),
    )
    planned = forms.CharField(
        label=_("monthly plan (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "06/2025: 300 triệu\n09/2025: 700 triệu"}
        ),
        help_text=_(
            "One month a line, “MM/YYYY: amount”, adding up to the amount. Empty: spread "
            "evenly from the decision's month to December."
        ),
    )
    note = forms.CharField(
        label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_planned(self) -> dict[date, int] | None:
        text: str = self.cleaned_data.get("planned", "")
        plan: dict[date, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            match = _PLAN_LINE.match(line)
            month = int(match.group(1)) if match else 0
            if match is None or not 1 <= month <= 12:
                raise forms.ValidationError(
                    _("Line %(n)s: write “MM/YYYY: amount”, e.g. “06/2025: 300 triệu”.")
                    % {"n": number}
                )
            day = date(int(match.group(2)), month, 1)
            if day in plan:
                raise forms.ValidationError(
                    _("Line %(n)s: %(month)s is planned twice.")
                    % {"n": number, "month": f"{day:%m/%Y}"}
                )
            try:
                plan[day] = parse_amount(match.group(3), allow_negative=True)
            except AmountError as exc:
                raise forms.ValidationError(
                    _("Line %(n)s: %(error)s") % {"n": number, "error": exc}
                ) from None
        return plan or None


class DisbursementForm(_MoneyForm):
    paid_on = DayField(label=_("date paid"))
    amount = AmountField(
        label=_("amount paid"),
        allow_negative=True,
        help_text=_("In đồng: 1.234.567, 500 triệu or 1,5 tỷ; a minus sign reverses a payment."),
    )
    voucher = forms.CharField(label=_("voucher reference"), max_length=64, required=False)
    over_allocation = forms.BooleanField(
        label=_("paid beyond the allocation (say why in the note)"), required=False
    )
    note = forms.CharField(
        label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisbursementSheetPickForm(SheetPickForm):
    """Which unit's disbursement sheet to download, for which budget year (GET)."""

    year = forms.IntegerField(
        label=_("budget year"), min_value=FIRST_DAY.year, max_value=LAST_DAY.year
    )


class DisbursementSheetUploadForm(SheetUploadForm):
    file = forms.FileField(
        label=_("Filled-in disbursement sheet"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )
