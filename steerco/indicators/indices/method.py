"""An index's method as plain data, read from its JSON definition (pure).

A definition names the index's code, version, the period it is valid from, its names,
its missing-value rule (`zero` or `reweight`) and its pillars; each pillar a code, names,
a weight and its indicators, each with a weight and a normalisation (`minmax`, `max`,
`target`, `raw`, or `{"points": [[t, score], ...]}` with thresholds strictly ascending
and scores in [0, 1]). `method_from_json` returns the method or every problem found,
each located by its place in the document (`pillars[1].indicators[0].weight`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from steerco.lib.calendar_periods import CalendarPeriodError, parse_calendar_period

NORMALISATIONS = ("minmax", "max", "target", "points", "raw")
MISSING_RULES = ("zero", "reweight")


@dataclass(frozen=True)
class Part:
    """One indicator inside a pillar."""

    indicator: str
    weight: Decimal
    normalise: str
    thresholds: tuple[tuple[Decimal, Decimal], ...] = ()


@dataclass(frozen=True)
class PillarMethod:
    code: str
    name_vi: str
    name_en: str
    weight: Decimal
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Method:
    code: str
    version: str
    valid_from: str
    name_vi: str
    name_en: str
    missing: str
    pillars: tuple[PillarMethod, ...]

    @property
    def scale(self) -> Decimal:
        """The index's points: the sum of its pillars' weights (1,000 for the DTI)."""
        return sum((p.weight for p in self.pillars), Decimal(0))

    def indicator_codes(self) -> list[str]:
        return sorted({part.indicator for p in self.pillars for part in p.parts})


def plain(number: Decimal) -> str:
    """A number as written, without trailing zeros or an exponent: 100, 0.5."""
    return format(number.normalize(), "f")


# (where in the document, the offending value, what is wrong)
Located = tuple[str, str, str]


class _Reader:
    """Collects located problems while reading a JSON document."""

    def __init__(self) -> None:
        self.problems: list[Located] = []

    def fail(self, where: str, value: object, message: str) -> None:
        self.problems.append((where, "" if value is None else str(value), message))

    def text(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str | int) or not str(value).strip():
            self.fail(f"{where}{key}", value, "required text is missing")
            return ""
        return str(value).strip()

    def names(self, data: Mapping[str, Any], where: str) -> tuple[str, str]:
        name = data.get("name")
        if isinstance(name, str) and name.strip():
            return name.strip(), ""
        if not isinstance(name, dict) or not str(name.get("vi") or "").strip():
            self.fail(f"{where}name", name, 'expected {"vi": "...", "en": "..."}')
            return "", ""
        return str(name["vi"]).strip(), str(name.get("en") or "").strip()

    def number(self, value: object, where: str, *, positive: bool = False) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.fail(where, value, "expected a number")
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(where, value, "expected a number")
            return None
        if not number.is_finite():
            self.fail(where, value, "expected a number")
            return None
        if number < 0:
            self.fail(where, value, "a weight may not be negative")
            return None
        if positive and number == 0:
            self.fail(where, value, "a pillar's weight must be more than 0")
            return None
        return number


def _thresholds(
    r: _Reader, value: object, where: str
) -> tuple[tuple[Decimal, Decimal], ...] | None:
    if not isinstance(value, list) or not value:
        r.fail(where, value, "expected a list of [threshold, score] pairs")
        return None
    pairs: list[tuple[Decimal, Decimal]] = []
    for n, pair in enumerate(value):
        at = f"{where}[{n}]"
        if not isinstance(pair, list) or len(pair) != 2:
            r.fail(at, pair, "expected [threshold, score]")
            return None
        try:
            t, s = Decimal(str(pair[0])), Decimal(str(pair[1]))
        except InvalidOperation:
            r.fail(at, pair, "expected two numbers")
            return None
        if not (t.is_finite() and s.is_finite()):
            r.fail(at, pair, "expected two numbers")
            return None
        if not 0 <= s <= 1:
            r.fail(at, pair, f"a score is between 0 and 1, not {s}")
            return None
        if pairs and t <= pairs[-1][0]:
            r.fail(at, pair, f"thresholds out of order: {t} does not come after {pairs[-1][0]}")
            return None
        pairs.append((t, s))
    return tuple(pairs)


def _part(r: _Reader, data: object, where: str, known: Callable[[str], bool]) -> Part | None:
    if not isinstance(data, dict):
        r.fail(where, data, "expected an object with indicator, weight and normalise")
        return None
    code = r.text(data, "indicator", f"{where}.")
    if code and not known(code):
        r.fail(f"{where}.indicator", code, "unknown indicator; see `steerco indicators load`")
    weight = r.number(data.get("weight", 1), f"{where}.weight")
    normalise = data.get("normalise", "minmax")
    thresholds: tuple[tuple[Decimal, Decimal], ...] | None = ()
    if isinstance(normalise, dict) and set(normalise) == {"points"}:
        thresholds = _thresholds(r, normalise["points"], f"{where}.normalise.points")
        normalise = "points"
    elif normalise not in NORMALISATIONS or normalise == "points":
        r.fail(
            f"{where}.normalise",
            normalise,
            'unknown normalisation; expected minmax, max, target, raw or {"points": [[t, score], ...]}',
        )
        return None
    if not code or not known(code) or weight is None or thresholds is None:
        return None
    return Part(code, weight, str(normalise), thresholds)


def _pillar(
    r: _Reader, data: object, where: str, known: Callable[[str], bool]
) -> PillarMethod | None:
    if not isinstance(data, dict):
        r.fail(where, data, "expected an object with code, name, weight and indicators")
        return None
    code = r.text(data, "code", f"{where}.")
    name_vi, name_en = r.names(data, f"{where}.")
    weight = r.number(data.get("weight"), f"{where}.weight", positive=True)
    items = data.get("indicators")
    if not isinstance(items, list) or not items:
        r.fail(f"{where}.indicators", items, "a pillar needs at least one indicator")
        return None
    parts = [_part(r, item, f"{where}.indicators[{n}]", known) for n, item in enumerate(items)]
    present = [p for p in parts if p is not None]
    if len(present) == len(parts) and sum(p.weight for p in present) == 0:
        r.fail(f"{where}.indicators", "", "the indicators' weights add up to 0")
        return None
    if not code or not name_vi or weight is None or len(present) != len(parts):
        return None
    return PillarMethod(code, name_vi, name_en, weight, tuple(present))


def method_from_json(
    data: object, *, known: Callable[[str], bool]
) -> tuple[Method | None, list[Located]]:
    """The method a JSON document defines, or None and every problem, located.
    `known(code)` says whether an indicator code is in the catalogue."""
    r = _Reader()
    if not isinstance(data, dict):
        r.fail("", "", "expected a JSON object with code, version, valid_from and pillars")
        return None, r.problems
    code, version = r.text(data, "code", ""), r.text(data, "version", "")
    valid_from = r.text(data, "valid_from", "")
    if valid_from:
        try:
            valid_from = str(parse_calendar_period(valid_from))
        except CalendarPeriodError as exc:
            r.fail("valid_from", valid_from, str(exc))
    name_vi, name_en = r.names(data, "")
    missing = data.get("missing", "zero")
    if missing not in MISSING_RULES:
        r.fail("missing", missing, "unknown missing-value rule; expected zero or reweight")
    items = data.get("pillars")
    if not isinstance(items, list) or not items:
        r.fail("pillars", items, "an index needs at least one pillar")
        return None, r.problems
    pillars = [_pillar(r, item, f"pillars[{n}]", known) for n, item in enumerate(items)]
    codes = [p.code for p in pillars if p is not None]
    for n, pillar_code in enumerate(codes):
        if pillar_code in codes[:n]:
            r.fail(f"pillars[{n}].code", pillar_code, "two pillars have this code")
    if r.problems:
        return None, r.problems
    present = tuple(p for p in pillars if p is not None)
    return Method(code, version, valid_from, name_vi, name_en, str(missing), present), []


def method_as_json(method: Method) -> dict[str, Any]:
    """The definition document of a method (what `method_from_json` reads back)."""

    def normalise(part: Part) -> object:
        if part.normalise == "points":
            return {"points": [[float(t), float(s)] for t, s in part.thresholds]}
        return part.normalise

    return {
        "code": method.code,
        "version": method.version,
        "valid_from": method.valid_from,
        "name": {"vi": method.name_vi, "en": method.name_en},
        "missing": method.missing,
        "pillars": [
            {
                "code": p.code,
                "name": {"vi": p.name_vi, "en": p.name_en},
                "weight": float(p.weight),
                "indicators": [
                    {"indicator": i.indicator, "weight": float(i.weight), "normalise": normalise(i)}
                    for i in p.parts
                ],
            }
            for p in method.pillars
        ],
    }
