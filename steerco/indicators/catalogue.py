"""Indicator definitions as plain data, checked before anything is written.

`spec_from_row(cells)` reads one row of a catalogue file into an `IndicatorSpec` (or the
problems of its cells); `graph_problems(specs)` checks the definitions together: every
code a ratio or formula reads exists, and no indicator depends on itself through others.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from . import formula as formulas
from .numbers import parse_number, parse_yes_no

REQUIRED = (
    "code",
    "name_vi",
    "name_en",
    "measure_unit",
    "kind",
    "direction",
    "aggregation",
    "period_type",
)
OPTIONAL = (
    "value_type",
    "numerator",
    "denominator",
    "factor",
    "numerator_at_most_denominator",
    "formula",
    "rollup",
    "cumulative",
    "levels",
    "directive",
    "field",
    "min_value",
    "max_value",
)
CHOICES = {
    "kind": ("entered", "ratio", "formula"),
    "value_type": ("count", "percent", "amount", "yesno", "points"),
    "direction": ("higher", "lower"),
    "aggregation": ("sum", "mean", "min", "max", "none"),
    "period_type": ("month", "quarter", "half", "year"),
    "rollup": ("sum", "last", "mean"),
}
UNIT_KINDS = ("central", "ministry", "province", "department", "commune", "other")
CODE = re.compile(rf"^{formulas.CODE_PATTERN}$")
_YESNO_UNITS = {"yes/no", "có/không", "co/khong"}
_POINT_UNITS = {"points", "point", "điểm"}
_MONEY_WORDS = ("đồng", "vnd", "usd", "dollar")


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_vi: str
    name_en: str
    measure_unit: str
    value_type: str
    kind: str
    direction: str
    aggregation: str
    period_type: str
    rollup: str
    cumulative: bool = False
    levels: tuple[str, ...] = ()
    numerator: str | None = None
    denominator: str | None = None
    factor: Decimal = Decimal(1)
    numerator_at_most_denominator: bool = False
    formula: str = ""
    dependencies: frozenset[str] = frozenset()
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    directive: str = ""
    field: str = ""

    @property
    def reads(self) -> frozenset[str]:
        """The codes this indicator is computed from (none for an entered one)."""
        if self.kind == "ratio":
            return frozenset(c for c in (self.numerator, self.denominator) if c)
        return self.dependencies


def default_value_type(measure_unit: str) -> str:
    """What the measure unit says the values are: % -> percent, tỷ đồng -> amount, ..."""
    unit = measure_unit.strip().lower()
    if unit == "%":
        return "percent"
    if unit in _YESNO_UNITS:
        return "yesno"
    if unit in _POINT_UNITS:
        return "points"
    if any(word in unit for word in _MONEY_WORDS):
        return "amount"
    return "count"


def default_rollup(*, kind: str, value_type: str, cumulative: bool) -> str:
    """Cumulative figures and yes/no take the last period's value; percents and points the
    mean; counts and amounts (flows) the sum. Ratios and formulas are recomputed from their
    inputs' roll-ups; their own rule is then only a label."""
    if cumulative or value_type == "yesno":
        return "last"
    if value_type in ("percent", "points") or kind != "entered":
        return "mean"
    return "sum"


def spec_from_row(cells: Mapping[str, str]) -> tuple[IndicatorSpec | None, list[tuple[str, str]]]:
    """An indicator's definition from a catalogue row, or the problems as (column, message)."""
    problems: list[tuple[str, str]] = []
    get = {k: (cells.get(k) or "").strip() for k in (*REQUIRED, *OPTIONAL)}
    for column in REQUIRED:
        if not get[column] and column not in ("name_en", "measure_unit"):
            problems.append((column, "required"))
    if get["code"] and not CODE.match(get["code"]):
        problems.append(("code", "letters, digits and _ only, not starting with a digit"))
    choice, numbers, flags, levels = _typed_cells(get, problems)
    problems += _kind_problems(choice["kind"], get)
    dependencies: frozenset[str] = frozenset()
    if choice["kind"] == "formula" and get["formula"]:
        try:
            dependencies = frozenset(formulas.dependencies(formulas.parse(get["formula"])))
        except formulas.FormulaError as exc:
            problems.append(("formula", f"formula of {get['code'] or '?'}: {exc}"))
    if problems:
        return None, problems
    value_type = choice["value_type"] or default_value_type(get["measure_unit"])
    return IndicatorSpec(
        code=get["code"],
        name_vi=get["name_vi"],
        name_en=get["name_en"],
        measure_unit=get["measure_unit"],
        value_type=value_type,
        kind=choice["kind"],
        direction=choice["direction"],
        aggregation=choice["aggregation"],
        period_type=choice["period_type"],
        rollup=choice["rollup"]
        or default_rollup(
            kind=choice["kind"], value_type=value_type, cumulative=flags["cumulative"]
        ),
        cumulative=flags["cumulative"],
        levels=levels,
        numerator=get["numerator"] or None,
        denominator=get["denominator"] or None,
        factor=numbers["factor"] if numbers["factor"] is not None else Decimal(1),
        numerator_at_most_denominator=flags["numerator_at_most_denominator"],
        formula=get["formula"],
        dependencies=dependencies,
        min_value=numbers["min_value"],
        max_value=numbers["max_value"],
        directive=get["directive"],
        field=get["field"],
    ), []


def _typed_cells(
    get: Mapping[str, str], problems: list[tuple[str, str]]
) -> tuple[dict[str, str], dict[str, Decimal | None], dict[str, bool], tuple[str, ...]]:
    """The row's choices, numbers, yes/no flags and levels; each bad cell adds a problem."""
    choice: dict[str, str] = {}
    for column, allowed in CHOICES.items():
        value = get[column].lower()
        if value and value not in allowed:
            problems.append((column, f"expected one of {', '.join(allowed)}"))
        choice[column] = value
    numbers: dict[str, Decimal | None] = {}
    for column in ("factor", "min_value", "max_value"):
        try:
            numbers[column] = parse_number(get[column]) if get[column] else None
        except ValueError as exc:
            problems.append((column, str(exc)))
    flags: dict[str, bool] = {}
    for column in ("cumulative", "numerator_at_most_denominator"):
        try:
            flags[column] = parse_yes_no(get[column])
        except ValueError as exc:
            problems.append((column, str(exc)))
    levels = tuple(level for level in re.split(r"[;,\s]+", get["levels"].lower()) if level)
    for level in levels:
        if level not in UNIT_KINDS:
            problems.append(("levels", f"{level!r} is not a unit kind ({', '.join(UNIT_KINDS)})"))
    return choice, numbers, flags, levels


def _kind_problems(kind: str, get: Mapping[str, str]) -> list[tuple[str, str]]:
    problems = []
    if kind == "ratio":
        for column in ("numerator", "denominator"):
            if not get[column]:
                problems.append((column, "a ratio needs a numerator and a denominator"))
    elif get["numerator"] or get["denominator"]:
        problems.append(("numerator", "only a ratio has a numerator and a denominator"))
    if kind == "formula" and not get["formula"]:
        problems.append(("formula", "a formula indicator needs a formula"))
    elif kind != "formula" and get["formula"]:
        problems.append(("formula", "only a formula indicator has a formula"))
    return problems


def graph_problems(specs: Mapping[str, IndicatorSpec]) -> list[tuple[str, str, str]]:
    """(code, column, message) for each unknown code read and each cycle, over all `specs`."""
    problems = []
    for code, spec in specs.items():
        column = "formula" if spec.kind == "formula" else "numerator"
        for read in sorted(spec.reads):
            if read not in specs:
                what = "formula" if spec.kind == "formula" else "ratio"
                problems.append((code, column, f"{what} of {code}: unknown indicator code {read}"))
    reported: set[frozenset[str]] = set()
    for code in specs:
        cycle = _cycle_from(code, specs)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            column = "formula" if specs[code].kind == "formula" else "numerator"
            path = " → ".join([*cycle, cycle[0]])
            problems.append((code, column, f"{code} depends on itself: {path}"))
    return problems


def _cycle_from(start: str, specs: Mapping[str, IndicatorSpec]) -> list[str] | None:
    """A path start -> ... -> start through the codes each indicator reads, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        code, path = stack.pop()
        for read in sorted(specs[code].reads) if code in specs else ():
            if read == start:
                return path
            if read not in seen:
                seen.add(read)
                stack.append((read, [*path, read]))
    return None


def evaluation_order(specs: Mapping[str, IndicatorSpec]) -> list[str]:
    """Codes with every indicator after those it reads (the graph has no cycle)."""
    order: list[str] = []
    placed: set[str] = set()

    def place(code: str) -> None:
        if code in placed or code not in specs:
            return
        placed.add(code)
        for read in sorted(specs[code].reads):
            place(read)
        order.append(code)

    for code in sorted(specs):
        place(code)
    return order
