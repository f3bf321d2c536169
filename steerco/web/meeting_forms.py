"""The meeting pages' forms (views/meetings.py): a new meeting with its members' attendance,
invited units, directives discussed and agenda; the conclusions read from a notice's text;
the notice's number and date. Units and directives are looked for only within what the
user may see."""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from steerco.directives.models import Directive
from steerco.directives.permissions import visible_directives_q
from steerco.meetings.pack import province_of
from steerco.meetings.selectors import (
    committee_members,
    committees_managed,
)
from steerco.units.models import Unit
from steerco.units.permissions import UserLike

from .forms import DayField
from .uploads import ACCEPT_ATTR, validate_evidence

MAX_NOTICE_CHARS = 200_000


def _province_unit(committee: Unit, text: str) -> Unit:
    """The one unit of the committee's province written `text` (its code or its name)."""
    province = province_of(committee)
    matches = list(
        Unit.objects.in_subtree(province).filter(Q(code=text) | Q(name=text) | Q(name_en=text))[:2]
    )
    if len(matches) != 1:
        raise ValidationError(
            _("%(text)s is not one unit of %(province)s; give its code.")
            % {"text": text, "province": province.name}
        )
    return matches[0]


class ConclusionsForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("The notice's text"),
        widget=forms.Textarea(attrs={"rows": 12, "class": "form-control"}),
        max_length=MAX_NOTICE_CHARS,
        required=False,
        help_text=gettext_lazy(
            "Paste the concluding notice; each assignment is read into a task draft for review."
        ),
    )
    document = forms.FileField(
        label=gettext_lazy("or its file"),
        required=False,
        help_text=gettext_lazy("Word (.docx) or plain text (.txt); read in place of the text."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt", "class": "form-control"}),
    )
    action = forms.ChoiceField(
        choices=[("propose", "propose"), ("confirm", "confirm")], widget=forms.HiddenInput
    )
    keep = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: object, count: int = 0, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        keep = self.fields["keep"]
        assert isinstance(keep, forms.TypedMultipleChoiceField)
        keep.choices = [(n, str(n)) for n in range(1, count + 1)]


class NoticeForm(forms.Form):
    symbol = forms.CharField(
        label=gettext_lazy("Number and symbol"), max_length=64, help_text="45-TB/BCĐ"
    )
    issued_on = DayField(label=gettext_lazy("Date issued"))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class MeetingForm(forms.Form):
    """A new meeting: its committee among those the user manages; the units (invited,
    presenting) named by code or exact name within the committee's province; the
    directives discussed by number and symbol among those the user may see."""

    committee = forms.ModelChoiceField(
        label=gettext_lazy("Committee"), queryset=Unit.objects.none(), empty_label=None
    )
    number = forms.IntegerField(label=gettext_lazy("Meeting number"), min_value=1, max_value=999)
    held_on = DayField(label=gettext_lazy("Date"))
    place = forms.CharField(label=gettext_lazy("Place"), max_length=255, required=False)
    chair_name = forms.CharField(label=gettext_lazy("Chair"), max_length=255, required=False)
    chair_title = forms.CharField(
        label=gettext_lazy("Chair's title"), max_length=255, required=False
    )
    members = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Members present"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The committee's members not ticked are recorded as absent."),
    )
    present = forms.CharField(
        label=gettext_lazy("Others present"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: guests, members without an account."),
    )
    absent = forms.CharField(
        label=gettext_lazy("Others absent"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One per line."),
    )
    invited_units = forms.CharField(
        label=gettext_lazy("Invited units"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One per line, by code or name, units of the province."),
    )
    directives = forms.CharField(
        label=gettext_lazy("Directives discussed"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One per line, by number and symbol (e.g. 57-NQ/TW)."),
    )
    agenda = forms.CharField(
        label=gettext_lazy("Agenda"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One item per line; the presenting unit after a '|' (e.g. "
            "'Report on the plan's progress | Sở Khoa học và Công nghệ')."
        ),
    )

    def __init__(self, *args: object, user: UserLike, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user
        committee = self.fields["committee"]
        assert isinstance(committee, forms.ModelChoiceField)
        committee.queryset = committees_managed(user)
        self.committee_members = list(committee_members(committee.queryset))
        members = self.fields["members"]
        assert isinstance(members, forms.TypedMultipleChoiceField)
        members.choices = [(m.pk, str(m)) for m in self.committee_members]
        if not self.is_bound:
            self.initial.setdefault("members", [m.pk for m in self.committee_members])
        for name, f in self.fields.items():
            if name == "members":
                continue
            css = "form-select" if name == "committee" else "form-control"
            f.widget.attrs.setdefault("class", css)

    def members_by_committee(self) -> list[tuple[Unit, list[tuple[object, bool]]]]:
        """The checkboxes of the members, grouped under their committee's name, each with
        whether it is ticked (all of them on a new form: present by default)."""
        if self.is_bound:
            ticked = set(self.data.getlist("members")) if hasattr(self.data, "getlist") else set()
        else:
            ticked = {str(pk) for pk in self.initial.get("members", [])}
        return [
            (c, [(m, str(m.pk) in ticked) for m in ms])
            for c, ms in groupby(self.committee_members, key=lambda m: m.committee)
        ]

    def _unit(self, committee: Unit, text: str, field: str) -> Unit:
        try:
            return _province_unit(committee, text)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        committee = data.get("committee")
        if not isinstance(committee, Unit):
            return data
        data["invited"] = [
            self._unit(committee, line, "invited_units")
            for line in _lines(str(data.get("invited_units", "")))
        ]
        visible = Directive.objects.filter(visible_directives_q(self.user))
        found = []
        for symbol in _lines(str(data.get("directives", ""))):
            directive = visible.filter(symbol=symbol).order_by("-issued_on", "pk").first()
            if directive is None:
                raise ValidationError(
                    {"directives": _("No directive %(s)s that you may see.") % {"s": symbol}}
                )
            found.append(directive)
        data["found_directives"] = found
        # Of the chosen committee's members, those ticked were present, the others absent
        # (a ticked member of another committee the user manages is not this meeting's).
        ticked = set(data.get("members") or [])
        own = [m for m in self.committee_members if m.committee_id == committee.pk]
        data["members_present"] = [m for m in own if m.pk in ticked]
        data["members_absent"] = [m for m in own if m.pk not in ticked]
        items = []
        for line in _lines(str(data.get("agenda", ""))):
            title, _sep, unit = (part.strip() for part in line.partition("|"))
            if not title:
                raise ValidationError({"agenda": _("An agenda item needs a title.")})
            items.append((title, self._unit(committee, unit, "agenda") if unit else None))
        data["items"] = items
        return data


class AgendaItemForm(forms.Form):
    """An agenda item added on the meeting's page: its title, the presenting unit (a code or
    a name of the province's units) and the document presented (checked as evidence is)."""

    title = forms.CharField(label=gettext_lazy("Agenda item"), max_length=2_000)
    presenting_unit = forms.CharField(
        label=gettext_lazy("Presenting unit"), max_length=255, required=False
    )
    document = forms.FileField(
        label=gettext_lazy("Document presented"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR, "class": "form-control"}),
    )

    def __init__(self, *args: object, committee: Unit, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.committee = committee
        for name in ("title", "presenting_unit"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")

    def clean_presenting_unit(self) -> Unit | None:
        text = str(self.cleaned_data.get("presenting_unit") or "").strip()
        return _province_unit(self.committee, text) if text else None

    def clean_document(self) -> object:
        upload = self.cleaned_data.get("document")
        if upload is not None:
            validate_evidence(upload)
        return upload
