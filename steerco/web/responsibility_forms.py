"""The task page's "Transfer responsibility" form: the official (from the lead unit's
officials and those of the units above and under it), an optional deputy, the date it
takes effect and a note. The rules (in post that day, not before the transfer in force)
are steerco.directives.responsibility's, which name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Task
from steerco.people.models import Person
from steerco.people.selectors import officials_around

from .forms import DayField


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        position = f", {obj.position}" if obj.position else ""
        return f"{obj.full_name}{position} — {obj.unit.name}"


class TransferForm(forms.Form):
    person = OfficialChoiceField(label=_("responsible official"), queryset=Person.objects.none())
    deputy = OfficialChoiceField(label=_("deputy"), queryset=Person.objects.none(), required=False)
    since = DayField(label=_("responsible from"))
    note = forms.CharField(
        label=_("note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. the decision transferring the official"),
    )

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officials = officials_around(task.lead_unit)
        for name in ("person", "deputy"):
            field = self.fields[name]
            assert isinstance(field, OfficialChoiceField)
            field.queryset = officials
