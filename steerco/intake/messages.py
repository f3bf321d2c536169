"""Messages of the pure parsers, worded in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .deadlines import DeadlineError


def deadline_message(exc: DeadlineError) -> str:
    templates = {
        "empty": _("the deadline is empty"),
        "too_long": _("a deadline of %(length)s characters is not a deadline"),
        "no_year": _("“%(text)s” names no year; give the plan's year"),
        "year_range": _("“%(text)s”: year %(year)s is out of range"),
        "no_month": _("“%(text)s”: there is no month %(month)s"),
        "not_a_date": _("“%(text)s”: %(day)s is not a date"),
        "months": _("“%(text)s”: a year has no %(months)s months"),
        "backwards": _("“%(text)s”: the span of years runs backwards"),
        "unreadable": _(
            "cannot read “%(text)s” as a deadline; write e.g. “Quý II/2025”, “30/6/2025”, "
            "“Tháng 6/2025”, “Năm 2025” or “Thường xuyên”"
        ),
    }
    template = templates.get(exc.code)
    return template % exc.params if template else str(exc)
