"""The intake pages' upload forms: a plan, a filled-in progress sheet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Directive
from steerco.units.models import Unit

from .unit_picker import UnitField, UnitPickerInput


class PlanUploadForm(forms.Form):
    directive = forms.ModelChoiceField(
        queryset=Directive.objects.none(),
        label=_("Directive"),
        empty_label=_("choose the directive the plan implements"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    within = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Units of"),
        empty_label=_("choose a unit"),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("The unit whose departments and communes the plan assigns tasks to."),
    )
    file = forms.FileField(
        label=_("Plan file"),
        help_text=_("Excel (.xlsx), Word (.docx, tables in the document) or CSV; up to %(mb)s MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.docx,.csv", "class": "form-control"}
        ),
    )

    def __init__(
        self,
        *args: Any,
        directives: QuerySet[Directive],
        units: QuerySet[Unit],
        max_mb: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["directive"]).queryset = directives
        cast(forms.ModelChoiceField, self.fields["within"]).queryset = units
        # The highest unit offered (a province's manager: the province), when there is one.
        paths = dict(units.values_list("pk", "path"))
        top = min(map(len, paths.values()), default=0)
        highest = [pk for pk, path in paths.items() if len(path) == top]
        if len(highest) == 1:
            self.fields["within"].initial = highest[0]
        self.fields["file"].help_text = self.fields["file"].help_text % {"mb": max_mb}


class SheetUploadForm(forms.Form):
    unit = UnitField(
        label=_("Reporting for"),
        help_text=_("The unit whose sheet this is; the updates are recorded in its name."),
        widget=UnitPickerInput(attrs={"class": "form-control"}),
    )
    file = forms.FileField(
        label=_("Filled-in progress sheet"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )

    def __init__(self, *args: Any, units: Sequence[Unit], lang: str = "vi", **kwargs: Any) -> None:
        """`units`: the units the user reports for, offered by the picker."""
        super().__init__(*args, **kwargs)
        cast(UnitField, self.fields["unit"]).offer(units, lang=lang)
        if len(units) == 1:
            self.fields["unit"].initial = units[0].code


class SheetPickForm(forms.Form):
    """Which unit's sheet to download (GET)."""

    unit = UnitField(label=_("Unit"), widget=UnitPickerInput(attrs={"class": "form-control"}))

    def __init__(self, *args: Any, units: Sequence[Unit], lang: str = "vi", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "pick_%s")  # beside the upload form's unit on one page
        super().__init__(*args, **kwargs)
        cast(UnitField, self.fields["unit"]).offer(units, lang=lang)
        if len(units) == 1:
            self.fields["unit"].initial = units[0].code
