"""Forms: the typed edge between HTTP input and the domain services."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from functools import cached_property
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Cadence, Directive, DirectiveKind, Task, TaskState
from steerco.lib import days
from steerco.lib.links import is_web_address
from steerco.lib.vietnamese import lang_of
from steerco.units.models import Unit

from .directive_picker import DirectiveField
from .labels import class_choices
from .selectors import SORTS
from .unit_picker import UnitField
from .uploads import ACCEPT_ATTR, validate_evidence


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DayField(forms.DateField):
    """A date a user may give: one of the days steerco accepts (steerco/lib/days.py),
    offered by the browser's date picker within them; another is refused naming the
    field, never passed on to the counting (whose calendar overflows far from them)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)
        self.widget.attrs.update(min=days.FIRST_DAY.isoformat(), max=days.LAST_DAY.isoformat())

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not days.within(value):
            raise forms.ValidationError(
                _("Choose a date from %(first)s to %(last)s.")
                % {"first": f"{days.FIRST_DAY:%d/%m/%Y}", "last": f"{days.LAST_DAY:%d/%m/%Y}"},
                code="out_of_range",
            )


def _f(form: forms.Form, name: str) -> Any:
    """A form's field, typed loosely (ChoiceField and ModelChoiceField attributes)."""
    return form.fields[name]


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.HiddenInput):
                css = "form-check-input" if not isinstance(widget, forms.HiddenInput) else ""
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class ScopeForm(StyledForm):
    """The dashboard's and ranking's common parameters (GET)."""

    unit = forms.CharField(required=False, max_length=255)  # a name or a code (unit_picker)
    directive = DirectiveField()  # a symbol or an id (directive_picker), read by the view
    as_of = DayField(required=False, label=_("as of"))


class RankingForm(ScopeForm):
    PEER_KINDS = [
        ("provinces", _("provinces")),
        ("departments", _("departments of a province")),
        ("communes", _("communes of a province")),
    ]
    METRICS = [
        ("green_rate", _("green rate")),
        ("completion_rate", _("completion rate")),
        ("due_completion_rate", _("completion rate of tasks due")),
        ("on_time_rate", _("on-time rate")),
        ("overdue_rate", _("overdue rate")),
        ("reporting_rate", _("reporting rate")),
    ]
    peers = forms.ChoiceField(required=False, choices=PEER_KINDS, label=_("peers"))
    metric = forms.ChoiceField(required=False, choices=METRICS, label=_("measure"))


class TaskFilterForm(StyledForm):
    SORT_CHOICES = [
        ("deadline", _("deadline, earliest first")),
        ("-deadline", _("deadline, latest first")),
        ("directive", _("directive")),
        ("unit", _("lead unit")),
        ("class", _("class")),
        ("percent", _("percent, lowest first")),
        ("-percent", _("percent, highest first")),
        ("updated", _("latest update first")),
    ]
    q = forms.CharField(required=False, max_length=200, label=_("search"))
    directive = DirectiveField()  # a symbol or an id (directive_picker), read by the view
    unit = UnitField(required=False, label=_("lead unit (and units under it)"))
    task_class = forms.ChoiceField(required=False, label=_("class"))
    due_from = DayField(required=False, label=_("deadline from"))
    due_to = DayField(required=False, label=_("deadline to"))
    field = forms.ChoiceField(required=False, label=_("field"))
    not_five_clear = forms.BooleanField(required=False, label=_("not five-clear only"))
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, label=_("sort by"))
    as_of = DayField(required=False, label=_("as of"))

    def __init__(
        self,
        *args: Any,
        directive: Directive | None = None,
        units: Iterable[Unit] = (),
        fields: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        """`directive`: the one the page read from the parameter (shown by its symbol)."""
        super().__init__(*args, **kwargs)
        cast(DirectiveField, self.fields["directive"]).choose(directive)
        _f(self, "unit").offer(units, lang=lang_of(get_language()))
        _f(self, "task_class").choices = [("", _("all classes")), *class_choices()]
        _f(self, "field").choices = [("", _("all fields"))] + [(f, f) for f in fields]
        assert set(dict(self.SORT_CHOICES)) == set(SORTS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            self.add_error("due_to", _("The end of the range is before its start."))
        return data


class ProgressReportForm(StyledForm):
    """A progress update. `idempotency_key` makes a double submission record one update.

    The date it speaks for runs from STEERCO_REPORT_BACKDATE_DAYS before `today` to `today`
    (older only for a manager of the task: `may_backdate`, asked only when needed). For a
    unit that does not lead the task (`contribution`), the form has no state or percent:
    only the lead unit reports them."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reported_on = DayField(label=_("as of"))
    state = forms.ChoiceField(label=_("state"), choices=TaskState.choices, widget=forms.RadioSelect)
    percent = forms.IntegerField(label=_("percent done"), min_value=0, max_value=100)
    done = forms.CharField(
        label=_("what was done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    obstacles = forms.CharField(
        label=_("obstacles"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    proposals = forms.CharField(
        label=_("proposals"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    product_symbol = forms.CharField(
        label=_("product document number and symbol"), required=False, max_length=128
    )
    product_date = DayField(label=_("product date"), required=False)
    evidence = forms.FileField(
        label=_("evidence file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR}),
    )
    links = forms.CharField(
        label=_("links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One address per line."),
    )

    def __init__(
        self,
        *args: Any,
        task: Task,
        today: date,
        may_backdate: Callable[[], bool] = lambda: False,
        contribution: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.task = task
        self.today = today
        self.window_start = today - timedelta(days=settings.STEERCO_REPORT_BACKDATE_DAYS)
        self._may_backdate = may_backdate
        self.contribution = contribution
        if contribution:
            del self.fields["state"], self.fields["percent"]
        elif task.recurring:
            _f(self, "state").choices = [
                c for c in TaskState.choices if c[0] != TaskState.COMPLETED
            ]
        _f(self, "reported_on").widget.attrs["max"] = today.isoformat()
        # A bound form asks whether the user manages the task only for a date that needs it.
        self._show_range(self.may_backdate if not self.is_bound else False)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    @cached_property
    def may_backdate(self) -> bool:
        return self._may_backdate()

    def _show_range(self, backdate: bool) -> None:
        """The allowed dates on the date input (min and max) and under it."""
        first = max(
            self.task.assigned_on if backdate else self.window_start,
            self.task.last_reported_on or self.task.assigned_on,
            self.task.assigned_on,
        )
        field = _f(self, "reported_on")
        field.widget.attrs["min"] = first.isoformat()
        field.help_text = _("From %(first)s to %(last)s.") % {
            "first": first.strftime("%d/%m/%Y"),
            "last": self.today.strftime("%d/%m/%Y"),
        }

    def clean_reported_on(self) -> date:
        day = self.cleaned_data["reported_on"]
        label = str(self.fields["reported_on"].label)
        if day > self.today:
            raise forms.ValidationError(
                _("“%(field)s” cannot be after today (%(today)s).")
                % {"field": label, "today": self.today.strftime("%d/%m/%Y")}
            )
        if day < self.window_start:
            backdate = self.may_backdate
            self._show_range(backdate)
            if not backdate:
                raise forms.ValidationError(
                    _(
                        "“%(field)s” can be at most %(n)d days back, from %(first)s to "
                        "%(today)s; only a manager of the task may record an older date."
                    )
                    % {
                        "field": label,
                        "n": settings.STEERCO_REPORT_BACKDATE_DAYS,
                        "first": self.window_start.strftime("%d/%m/%Y"),
                        "today": self.today.strftime("%d/%m/%Y"),
                    }
                )
        return day

    def renew_key(self) -> None:
        """A fresh idempotency key for the form shown again after its key was refused."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data["idempotency_key"] = uuid.uuid4().hex
        self.data = data

    def clean_evidence(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("evidence")
        if upload:
            self.evidence_content_type = validate_evidence(upload)
        return upload

    def clean_links(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        for line in lines:
            if not is_web_address(line):
                raise forms.ValidationError(
                    _("Each link must start with http:// or https://: %(l)s") % {"l": line}
                )
        return "\n".join(lines)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("state") == TaskState.COMPLETED and data.get("percent") not in (None, 100):
            # xgettext:no-python-format ("100% done" is not a placeholder)
            self.add_error("percent", _("A completed task is 100% done."))
        return data


class AcceptForm(StyledForm):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(StyledForm):
    reason = forms.CharField(
        label=_("reason for returning"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtensionRequestForm(StyledForm):
    new_due_on = DayField(label=_("new deadline"))
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
    # After the deadline only a manager records a request, saying why it comes late.
    late_reason = forms.CharField(
        label=_("why the request comes after the deadline"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExtensionDecisionForm(StyledForm):
    decision = forms.ChoiceField(choices=[("approve", _("approve")), ("reject", _("reject"))])
    note = forms.CharField(label=_("note"), required=False, max_length=1000)


class DirectiveForm(StyledForm):
    symbol = forms.CharField(
        label=_("number and symbol"), max_length=64, help_text=_("e.g. 02-KH/BCĐTW")
    )
    kind = forms.ChoiceField(label=_("kind"), choices=DirectiveKind.choices)
    issuer = forms.ChoiceField(label=_("issuing body"))
    issued_on = DayField(label=_("date issued"))
    title = forms.CharField(label=_("title"), widget=forms.Textarea(attrs={"rows": 2}))
    implements = forms.ModelChoiceField(
        label=_("implements"),
        queryset=Directive.objects.none(),  # the directives the user may open: see __init__
        required=False,
    )
    requires_acceptance = forms.BooleanField(
        label=_("completion requires acceptance"), required=False
    )

    def __init__(
        self,
        *args: Any,
        issuers: Sequence[Unit] = (),
        implementable: QuerySet[Directive] | None = None,
        **kwargs: Any,
    ) -> None:
        """`implementable`: the directives the user may open (access.visible_directives_q),
        the only ones offered and accepted for `implements`; none when not given."""
        super().__init__(*args, **kwargs)
        self.issuers = {str(u.pk): u for u in issuers}
        _f(self, "issuer").choices = [(str(u.pk), u.name) for u in issuers]
        _f(self, "implements").queryset = (
            implementable if implementable is not None else Directive.objects.none()
        ).order_by("symbol", "pk")


class TaskForm(StyledForm):
    """Create a task (managers of the directive's issuer or of the parent task's lead unit)."""

    reference = forms.CharField(
        label=_("reference"), max_length=64, required=False, help_text=_("e.g. II.3")
    )
    content = forms.CharField(label=_("task"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ChoiceField(label=_("lead unit"))
    coordinating_units = forms.MultipleChoiceField(label=_("coordinating units"), required=False)
    responsible_person = forms.CharField(
        label=_("responsible person"), max_length=255, required=False
    )
    deadline_text = forms.CharField(
        label=_("deadline as written"),
        max_length=255,
        required=False,
        help_text=_("e.g. Quý II/2025"),
    )
    due_on = DayField(label=_("deadline"), required=False)
    recurring = forms.BooleanField(label=_("recurring"), required=False)
    cadence = forms.ChoiceField(
        label=_("cadence"), required=False, choices=[("", "—"), *Cadence.choices]
    )
    expected_product = forms.CharField(
        label=_("expected product"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    field = forms.CharField(label=_("field"), max_length=64, required=False)
    authority = forms.CharField(label=_("authority"), max_length=255, required=False)
    assigned_on = DayField(label=_("assigned on"))

    def __init__(self, *args: Any, units: Sequence[Unit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        choices = [(str(u.pk), ("— " * max(0, u.depth - 2)) + u.name) for u in units]
        _f(self, "lead_unit").choices = choices
        _f(self, "coordinating_units").choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("recurring") and data.get("deadline_text") and not data.get("due_on"):
            self.add_error("due_on", _("Give the date the written deadline means."))
        return data


class TaskEditForm(StyledForm):
    reference = TaskForm.base_fields["reference"]
    content = TaskForm.base_fields["content"]
    coordinating_units = forms.MultipleChoiceField(label=_("coordinating units"), required=False)
    responsible_person = TaskForm.base_fields["responsible_person"]
    deadline_text = TaskForm.base_fields["deadline_text"]
    expected_product = TaskForm.base_fields["expected_product"]
    field = TaskForm.base_fields["field"]
    authority = TaskForm.base_fields["authority"]
    external_partners = forms.CharField(
        label=_("external partners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Coordinating bodies outside the tree, one per line."),
    )

    def __init__(self, *args: Any, units: Sequence[Unit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        _f(self, "coordinating_units").choices = [
            (str(u.pk), ("— " * max(0, u.depth - 2)) + u.name) for u in units
        ]
