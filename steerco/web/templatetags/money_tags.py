"""Money as the summary pages write it: `amount|billions` -> "3.312 tỷ đồng",
`figures|disbursement_rate` -> "40,0%" (disbursed / allocated, "—" with nothing
allocated), each in the page's language through steerco.lib.money and
steerco.budget.sentences (the report and the command write them the same way)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from steerco.budget.figures import Figures
from steerco.budget.sentences import rate_text
from steerco.lib.money import format_vnd_billions
from steerco.lib.vietnamese import lang_of

register = template.Library()


def _lang() -> str:
    return lang_of(get_language())


@register.filter
def billions(amount: int | None) -> str:
    return "—" if amount is None else format_vnd_billions(amount, _lang())


@register.filter
def disbursement_rate(figures: Figures | None) -> str:
    return "—" if figures is None else rate_text(figures, _lang())
