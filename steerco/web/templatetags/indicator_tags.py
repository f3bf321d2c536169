"""Formatting of indicator figures on pages: numbers as the sentences write them."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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
