"""Writing index results: computed ones as `steerco index compute --commit` stores them,
and the official scores `steerco index publish FILE` loads (all or nothing).

Computing is a read (`selectors.index_table`); storing its results is a decision, as
publishing is: a stored result puts the index on its unit's ranks line (the overview,
the report) and fixes its version, which `index define` then refuses to replace
(`definitions.py`). Stored computed results replace the same version's earlier computed
results for the period and the peers computed; another version's stay, with their version.

A published file has the columns `unit, index, period, score` and, where the publisher
gives them, one column per pillar named by the pillar's code (`CQS`, `DIGITAL_GOV`). A
row is stored under the version of the index in force for its period; a unit's score
for an index and period replaces the one published before. Scores lie between 0 and the
index's scale (a pillar's between 0 and its weight).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from steerco.lib.calendar_periods import CalendarPeriod, CalendarPeriodError, parse_calendar_period
from steerco.lib.tablefiles import Row, read_rows
from steerco.units.models import Unit
from steerco.units.selectors import UnitLookupError, find_unit

from ..problems import ImportResult, IndicatorError, Problem
from .definitions import stored_method, version_in_force
from .method import Method, plain
from .models import Index, IndexResult, IndexVersion, ResultSource
from .scoring import Scored

REQUIRED = ("unit", "index", "period", "score")


@dataclass(frozen=True)
class Stored:
    """What `results_store` wrote: the results stored, the earlier ones they replaced,
    and the peers left without a result (no score: nothing to store)."""

    stored: int
    replaced: int
    unscored: int


@transaction.atomic
def results_store(*, version: IndexVersion, period: CalendarPeriod, scored: Scored) -> Stored:
    """Store the computed scores of the units that have one, replacing this version's
    earlier computed results for every peer computed and the period (all or nothing)."""
    rows = [r for r in scored.rows if r.exact is not None]
    replaced, _ = IndexResult.objects.filter(
        version=version,
        period=str(period),
        source=ResultSource.COMPUTED,
        unit_id__in=[r.peer.id for r in scored.rows],
    ).delete()
    now = timezone.now()
    IndexResult.objects.bulk_create(
        IndexResult(
            version=version,
            unit_id=r.peer.id,
            period=str(period),
            source=ResultSource.COMPUTED,
            score=r.exact.quantize(Decimal("0.0001")),
            pillars={
                code: str(p.exact.quantize(Decimal("0.0001")))
                for code, p in r.pillars.items()
                if p.exact is not None
            },
            recorded_at=now,
        )
        for r in rows
        if r.exact is not None
    )
    return Stored(len(rows), replaced, len(scored.rows) - len(rows))


class _Reader:
    """The checks of one published row; caches indices, versions and units by text."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.problems: list[Problem] = []
        self.versions: dict[tuple[str, str], tuple[IndexVersion, Method] | None] = {}

    def fail(self, row: Row, column: str, message: str) -> None:
        self.problems.append(Problem(self.sheet, row.number, column, row.get(column), message))

    def unit(self, row: Row) -> Unit | None:
        try:
            return find_unit(text=row.get("unit"))
        except UnitLookupError as exc:
            self.fail(row, "unit", str(exc))
            return None

    def version(self, row: Row, period: CalendarPeriod) -> tuple[IndexVersion, Method] | None:
        key = (row.get("index"), str(period))
        if key not in self.versions:
            self.versions[key] = None
            index = Index.objects.filter(code=key[0]).first()
            if index is None:
                self.fail(row, "index", "unknown index; see `steerco index define`")
                return None
            try:
                version = version_in_force(index, period)
            except IndicatorError as exc:
                self.fail(row, "period", str(exc))
                return None
            self.versions[key] = (version, stored_method(version))
        return self.versions[key]

    def number(self, row: Row, column: str, scale: Decimal) -> Decimal | None:
        try:
            value = Decimal(row.get(column).replace(",", "."))
        except InvalidOperation:
            self.fail(row, column, "expected a number")
            return None
        if not value.is_finite() or not 0 <= value <= scale:
            self.fail(row, column, f"a score lies between 0 and {plain(scale)}")
            return None
        return value

    def pillars(self, row: Row, columns: Sequence[str], method: Method) -> dict[str, str]:
        """The pillar columns (named by the pillars' codes, in any case) given in the row."""
        pillars = {p.code.lower(): p for p in method.pillars}
        scores: dict[str, str] = {}
        for column in columns:
            if column in REQUIRED or not row.get(column):
                continue
            if column not in pillars:
                self.fail(row, column, f"{method.code} {method.version} has no such pillar")
                continue
            value = self.number(row, column, pillars[column].weight)
            if value is not None:
                scores[pillars[column].code] = str(value)
        return scores

    def read(
        self, row: Row, columns: Sequence[str]
    ) -> tuple[IndexVersion, Unit, str, Decimal, dict[str, str]] | None:
        unit = self.unit(row)
        try:
            period = parse_calendar_period(row.get("period"))
        except CalendarPeriodError as exc:
            self.fail(row, "period", str(exc))
            return None
        found = self.version(row, period)
        if unit is None or found is None:
            return None
        version, method = found
        score = self.number(row, "score", method.scale)
        before = len(self.problems)
        pillars = self.pillars(row, columns, method)
        if score is None or len(self.problems) > before:
            return None
        return version, unit, str(period), score, pillars


def index_publish(*, name: str, data: bytes, commit: bool) -> ImportResult:
    """Load published scores (CSV or XLSX); with `commit`, write every row or none."""
    result = ImportResult(name)
    found: dict[tuple[int, int, str], tuple[IndexVersion, Unit, str, Decimal, dict[str, str]]] = {}
    for table in read_rows(name, data):
        missing = [c for c in REQUIRED if c not in table.columns]
        if missing:
            result.rejected.append(
                Problem(table.sheet, 1, None, "", f"missing column(s): {', '.join(missing)}")
            )
            continue
        reader = _Reader(table.sheet)
        for row in table.rows:
            read = reader.read(row, table.columns)
            if read is not None:
                version, unit, period, _, _ = read
                if (version.pk, unit.pk, period) in found:
                    reader.fail(row, "unit", "given twice for this index and period")
                found[version.pk, unit.pk, period] = read
        result.rejected += reader.problems
    if result.rejected:
        return result
    existing = set(
        IndexResult.objects.filter(
            source=ResultSource.PUBLISHED, version_id__in={k[0] for k in found}
        ).values_list("version_id", "unit_id", "period")
    )
    result.updated = sum(1 for k in found if k in existing)
    result.created = len(found) - result.updated
    if commit:
        _write_published(list(found.values()))
        result.committed = True
    return result


@transaction.atomic
def _write_published(rows: list[tuple[IndexVersion, Unit, str, Decimal, dict[str, str]]]) -> None:
    now = timezone.now()
    for version, unit, period, score, pillars in rows:
        IndexResult.objects.update_or_create(
            version=version,
            unit=unit,
            period=period,
            source=ResultSource.PUBLISHED,
            defaults={"score": score, "pillars": pillars, "recorded_at": now},
        )
