"""Task references in the order people read them: numbers part by part, not as text.

"1", "1.1", "1.2", "2", "10", "11", "100" — and "II.3" after "I.12", "1a" before "1b".
One key, `reference_key`, for every list of tasks (directive pages, the task list, the
report's sections)."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\d+|[^\d\W_]+", re.UNICODE)
_ROMAN = re.compile(r"^(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# A number sorts before a word in the same place ("1" < "a"); an empty reference first.
Token = tuple[int, int, str]


def _roman(text: str) -> int | None:
    """The value of an upper-case Roman numeral up to 399 ("IV" -> 4), else None."""
    if not _ROMAN.match(text):
        return None
    total = 0
    for a, b in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_VALUES[a]
        total += -value if b and _ROMAN_VALUES[b] > value else value
    return total


def reference_key(reference: str | None) -> tuple[Token, ...]:
    """A sort key reading each run of digits as a number and each section numeral (I, II,
    IV...) as its value; letters compare without case. Separators ('.', '-', ' ', '/')
    only split parts."""
    tokens: list[Token] = []
    for token in _TOKEN.findall(reference or ""):
        if token.isdigit():
            tokens.append((0, int(token), ""))
            continue
        roman = _roman(token)
        if roman is not None:
            tokens.append((0, roman, ""))
        else:
            tokens.append((1, 0, token.casefold()))
    return tuple(tokens)


def reference_sort_key(reference: str | None) -> tuple[tuple[Token, ...], str]:
    """`reference_key` with the text itself as the tie-breaker ("01" after "1")."""
    return reference_key(reference), reference or ""
