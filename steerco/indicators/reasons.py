"""Why a figure has no value: a code and its parameters, with the English text (for logs,
`--json` output and tests) as the string itself. Pages translate by the code
(`web.templatetags.indicator_tags.reason_text`), so the Vietnamese page reads Vietnamese.

A Reason is a str so that every place that carries, compares or prints a reason keeps
working; only what shows it to a person looks at `code` and `params`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any


class Reason(str):
    """The English text of a reason, carrying its `code` and `params` (text values)."""

    code: str
    params: MappingProxyType[str, str]

    def __new__(cls, code: str, text: str, /, **params: str) -> Reason:
        reason = super().__new__(cls, text)
        reason.code = code
        reason.params = MappingProxyType(dict(params))
        return reason

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (cached) figures keep the code
        return (_rebuild, (self.code, str(self), dict(self.params)))


def _rebuild(code: str, text: str, params: dict[str, str]) -> Reason:
    return Reason(code, text, **params)


NO_VALUE = "no_value"
KEPT_BY = "kept_by"
NOT_AGGREGATED = "not_aggregated"
NO_INPUT = "no_input"
DIVISION_BY_ZERO = "division_by_zero"
DIVISION_BY_ZERO_OF = "division_by_zero_of"
NOT_A_NUMBER = "not_a_number"


def no_value() -> Reason:
    return Reason(NO_VALUE, "no value entered")


def kept_by(code: str, period_type: str, period: str) -> Reason:
    return Reason(
        KEPT_BY,
        f"{code} is kept by {period_type}; {period} is shorter",
        code=code,
        period_type=period_type,
        period=period,
    )


def not_aggregated(code: str) -> Reason:
    return Reason(
        NOT_AGGREGATED,
        f"{code} is not aggregated up the tree and has no entry here",
        code=code,
    )


def no_input(code: str) -> Reason:
    return Reason(NO_INPUT, f"no value for {code}", code=code)


def division_by_zero(denominator: str | None = None) -> Reason:
    if denominator is None:
        return Reason(DIVISION_BY_ZERO, "division by zero")
    return Reason(DIVISION_BY_ZERO_OF, f"division by zero: {denominator} is 0", code=denominator)


def not_a_number() -> Reason:
    return Reason(NOT_A_NUMBER, "the result is not a number")
