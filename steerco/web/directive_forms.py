"""The directive edit form: what a manager of the issuing body corrects, and the
directive's own document (checked as evidence uploads are)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Directive, DirectiveKind

from .forms import DayField, StyledForm, _f
from .uploads import ACCEPT_ATTR, validate_evidence


class DirectiveEditForm(StyledForm):
    symbol = forms.CharField(
        label=_("number and symbol"), max_length=64, help_text=_("e.g. 02-KH/BCĐTW")
    )
    kind = forms.ChoiceField(label=_("kind"), choices=DirectiveKind.choices)
    issued_on = DayField(label=_("date issued"))
    title = forms.CharField(label=_("title"), widget=forms.Textarea(attrs={"rows": 2}))
    implements = forms.ModelChoiceField(
        label=_("implements"), queryset=Directive.objects.none(), required=False
    )
    requires_acceptance = forms.BooleanField(
        label=_("completion requires acceptance"), required=False
    )
    document = forms.FileField(
        label=_("document"),
        required=False,
        help_text=_("The directive's own text (PDF, Word...); replaces the one attached."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR}),
    )

    def __init__(
        self, *args: Any, directive: Directive, implementable: QuerySet[Directive], **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "symbol": directive.symbol,
                "kind": directive.kind,
                "issued_on": directive.issued_on,
                "title": directive.title,
                "implements": directive.implements,
                "requires_acceptance": directive.requires_acceptance,
            },
        )
        super().__init__(*args, **kwargs)
        _f(self, "implements").queryset = implementable.exclude(pk=directive.pk).order_by(
            "symbol", "pk"
        )

    def clean_document(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("document")
        if upload:
            try:
                self.document_content_type = validate_evidence(upload)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None
        return upload or None
