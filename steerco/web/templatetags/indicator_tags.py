"""Formatting of indicator figures on pages: numbers as the sentences write them."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from steerco.indicators import reasons
from steerco.indicators.sentences import number_text

register = template.Library()

STATUS_CLASS = {"GREEN": "green", "YELLOW": "yellow", "RED": "red"}


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


@register.filter
def inum(value: Decimal | float | int | None) -> str:
    """3312 -> "3.312" (vi) / "3,312" (en); at most two decimals; — for none."""
    if value is None:
        return "—"
    return number_text(Decimal(str(value)), _lang())


@register.filter
def ipct(value: Decimal | float | None) -> str:
    """An achievement or change in percent to one decimal, rounded as the report and
    `indicator show --json` round it (selectors.json_number): 165.61 -> "165,6%"."""
    return "—" if value is None else inum(round(Decimal(str(value)), 1)) + "%"


@register.filter
def status_colour(status: str | None) -> str:
    return STATUS_CLASS.get(status or "", "none")


@register.filter
def status_label(status: str | None) -> str:
    labels = {
        "GREEN": _("on or above the trajectory"),
        "YELLOW": _("slightly behind the trajectory"),
        "RED": _("behind the trajectory"),
    }
    return labels.get(status or "", _("no target"))


@register.filter
def kind_plural(kind: str) -> str:
    labels = {
        "commune": _("communes"),
        "province": _("provinces"),
        "department": _("departments"),
        "ministry": _("ministries"),
        "central": _("central bodies"),
    }
    return labels.get(kind, _("units"))


def _period_type(name: str) -> str:
    labels = {
        "month": _("month"),
        "quarter": _("quarter"),
        "half": _("half-year"),
        "year": _("year"),
    }
    return labels.get(name, name)


@register.filter
def reason_text(reason: str | None) -> str:
    """Why a figure is empty, in the page's language: a `reasons.Reason` by its code and
    parameters; any other text as it is."""
    if not reason:
        return ""
    if not isinstance(reason, reasons.Reason):
        return str(reason)
    p = reason.params
    if reason.code == reasons.KEPT_BY:
        return _("%(code)s is kept by %(period_type)s; %(period)s is shorter") % {
            "code": p["code"],
            "period_type": _period_type(p["period_type"]),
            "period": p["period"],
        }
    texts = {
        reasons.NO_VALUE: _("no value entered"),
        reasons.NOT_AGGREGATED: _("%(code)s is not aggregated up the tree and has no entry here"),
        reasons.NO_INPUT: _("no value for %(code)s"),
        reasons.DIVISION_BY_ZERO: _("division by zero"),
        reasons.DIVISION_BY_ZERO_OF: _("division by zero: %(code)s is 0"),
        reasons.NOT_A_NUMBER: _("the result is not a number"),
    }
    text = texts.get(reason.code)
    return str(reason) if text is None else text % dict(p) if p else text
