"""The inbox's query parameters and the notice preferences form (views/inbox.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from steerco.notices.models import NoticeKind, Weekday

from .forms import StyledForm


class InboxFilter(StyledForm):
    unread = forms.BooleanField(required=False, label=_("unread only"))
    page = forms.IntegerField(required=False, min_value=1)


class MarkRead(forms.Form):
    notice = forms.IntegerField(required=False, min_value=1)  # none: every notice


class NoticePreferencesForm(StyledForm):
    kinds = forms.MultipleChoiceField(
        label=_("what I am told"),
        choices=NoticeKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    email = forms.BooleanField(
        label=_("also by e-mail (to the address of my account)"), required=False
    )
    digest_weekday = forms.TypedChoiceField(
        label=_("weekly digest on"), choices=Weekday.choices, coerce=int
    )
    language = forms.ChoiceField(label=_("language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, has_email: bool, reads_digest: bool, **kwargs: Any) -> None:
        """Without an e-mail address on the account the e-mail choice is off and cannot be
        changed; the digest's day is asked only of those who are sent the digest."""
        super().__init__(*args, **kwargs)
        if not has_email:
            self.fields["email"].disabled = True
            self.initial["email"] = False
        if not reads_digest:
            del self.fields["digest_weekday"]
