"""The progress cells of an uploaded sheet's row, read into `progress_report`'s arguments."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from steerco.directives.models import Task, TaskState
from steerco.lib.spreadsheets import FORMULA_STARTS
from steerco.lib.vietnamese import fold

from .deadlines import DeadlineError, parse_deadline
from .readers import clean
from .sheet_layout import STATE_LABELS

_STATE_WORDS = {
    **{fold(label): state for state, label in STATE_LABELS.items()},
    **{state.value: state for state in TaskState},
    **{fold(str(state.label)): state for state in TaskState},
    "chua bat dau": TaskState.NOT_STARTED,
    "chua thuc hien": TaskState.NOT_STARTED,  # the sheets' word until issue 15
    "dang trien khai": TaskState.IN_PROGRESS,
    "hoan thanh": TaskState.COMPLETED,
    "da xong": TaskState.COMPLETED,
    "done": TaskState.COMPLETED,
    "completed": TaskState.COMPLETED,
}
_REPORTED_WHEN_FILLED = ("done", "obstacles", "proposals", "product_symbol", "product_date")


def _unquote(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _text(value: Any, limit: int) -> str:
    text = _unquote(clean(value))
    if len(text) > limit:
        raise ValueError(
            _("the cell holds %(n)s characters; the limit is %(limit)s")
            % {"n": f"{len(text):,}", "limit": f"{limit:,}"}
        )
    return text


def _percent(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_("expected a whole number from 0 to 100"))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = clean(value).rstrip("% ").replace(",", ".")
        if not re.fullmatch(r"\d{1,3}(?:\.\d+)?", text):
            raise ValueError(_("expected a whole number from 0 to 100"))
        number = float(text)
    if not number.is_integer() or not 0 <= number <= 100:
        raise ValueError(_("expected a whole number from 0 to 100"))
    return int(number)


def _state(value: Any) -> str:
    state = _STATE_WORDS.get(fold(clean(value)))
    if state is None:
        raise ValueError(
            _("expected one of: %(states)s") % {"states": ", ".join(STATE_LABELS.values())}
        )
    return state


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean(value)
    try:
        deadline = parse_deadline(text)
    except DeadlineError:
        deadline = None
    if (
        deadline is None
        or deadline.due_on is None
        or not re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2}", text)
    ):
        raise ValueError(_("expected a date (dd/mm/yyyy)"))
    return deadline.due_on


def parse_progress(
    cells: dict[str, Any], max_cell: int
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """(the row's progress by column key, the (column key, message) of each unreadable cell)."""
    parsers: tuple[tuple[str, Callable[[Any], Any]], ...] = (
        ("state", _state),
        ("percent", _percent),
        ("product_date", _day),
        ("done", lambda v: _text(v, max_cell)),
        ("obstacles", lambda v: _text(v, max_cell)),
        ("proposals", lambda v: _text(v, max_cell)),
        ("product_symbol", lambda v: _text(v, 128)),
    )
    parsed: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for key, parse in parsers:
        try:
            parsed[key] = parse(cells.get(key))
        except ValueError as exc:
            errors.append((key, str(exc)))
    return parsed, errors


def reports_progress(parsed: dict[str, Any], task: Task) -> bool:
    """Whether a row's progress says anything the task does not already hold."""
    return (
        parsed["state"] != task.state
        or (parsed["percent"] is not None and parsed["percent"] != task.percent)
        or any(parsed[k] for k in _REPORTED_WHEN_FILLED)
    )
