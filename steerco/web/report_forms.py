"""The Reports page's form: a meeting report's unit, scope, dates, language, layout and
format. (web/forms.py's ProgressReportForm is a unit's progress report on a task: a different thing.)"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Directive
from steerco.reports.content import LANGS, LAYOUTS
from steerco.reports.render import FORMATS
from steerco.units.models import Unit

from .forms import DayField, StyledForm
from .unit_picker import UnitField

# Each language named in itself, whatever the page's language.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


class MeetingReportForm(StyledForm):
    unit = UnitField(label=_("unit"), required=False)
    directive = forms.ModelChoiceField(
        Directive.objects.none(),  # the directives the user may open: see __init__
        label=_("directive"),
        required=False,
        empty_label=_("all directives"),
        to_field_name="symbol",
    )
    with_implementing = forms.BooleanField(
        label=_("with the documents implementing it"), required=False
    )
    as_of = DayField(label=_("as of"))
    previous = DayField(label=_("previous report"), required=False)
    lang = forms.ChoiceField(
        label=_("language"),
        choices=[(code, LANGUAGE_NAMES.get(code, code)) for code in LANGS],
        initial="vi",
    )
    layout = forms.ChoiceField(
        label=_("layout"),
        choices=[("state", _("state (Decree 30/2020)")), ("party", _("Party (Guidance 36)"))],
        initial="state",
    )
    format = forms.ChoiceField(
        label=_("format"), choices=[(f, f.upper()) for f in FORMATS], initial="docx"
    )

    def __init__(
        self,
        *args: Any,
        directives: QuerySet[Directive] | None = None,
        units: Iterable[Unit] = (),
        lang: str = "vi",
        **kwargs: Any,
    ) -> None:
        """`directives`: those the user may open (offered, and the only ones accepted);
        none when not given. `units`: those the unit picker offers."""
        super().__init__(*args, **kwargs)
        cast(UnitField, self.fields["unit"]).offer(units, lang=lang)
        directive_field = cast(forms.ModelChoiceField, self.fields["directive"])
        directive_field.queryset = (
            directives if directives is not None else Directive.objects.none()
        ).order_by("symbol", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        as_of, previous = data.get("as_of"), data.get("previous")
        if as_of and previous and previous >= as_of:
            self.add_error(
                "previous", _("The previous report date must be before the report date.")
            )
        if data.get("layout") not in LAYOUTS:
            self.add_error("layout", _("Choose state or party."))
        return data
