"""Writes of the indicators app: values (a new version each time), targets, the catalogue.

Every function is keyword-only, atomic, and raises IndicatorError with `.field` naming the
input at fault; nothing is written when it raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from steerco.directives.models import Directive
from steerco.lib.calendar_periods import CalendarPeriod, CalendarPeriodError, parse_calendar_period
from steerco.units.models import Unit

from .aggregation_sql import summaries_refresh_for, summary_refresh
from .catalogue import IndicatorSpec, evaluation_order
from .models import Indicator, IndicatorKind, IndicatorValue, Target, Trajectory, ValueSource
from .problems import IndicatorError
from .selectors import latest_value, latest_versions, spec_of
from .validation import Counterpart, check_value, target_problem


@dataclass(frozen=True)
class RecordedValue:
    record: IndicatorValue
    created: bool  # False: the value was already the latest, no version was added
    warning: str = ""


def period_for(indicator: Indicator, text: str | CalendarPeriod, *, field: str = "period") -> str:
    """The period's text, if it is one of the indicator's own type (values are kept by it)."""
    try:
        period = text if isinstance(text, CalendarPeriod) else parse_calendar_period(text)
    except CalendarPeriodError as exc:
        raise IndicatorError(str(exc), field=field) from None
    if period.type != indicator.period_type:
        raise IndicatorError(
            f"{indicator.code} is kept by {indicator.period_type}; {period} is a {period.type}",
            field=field,
        )
    return str(period)


def reporting_check(indicator: Indicator, unit: Unit, period: str = "") -> None:
    """The unit's kind reports the indicator (a former province reports as a province), and
    a unit that ended takes no value for a period starting after its end."""
    if unit.ended_on is not None and period:
        starts = parse_calendar_period(period).starts_on
        if starts > unit.ended_on:
            raise IndicatorError(
                f"{unit.code} {unit.name} ended on {unit.ended_on:%d/%m/%Y}; {period} is later"
                + (f": enter it on {unit.successor.code}" if unit.successor else ""),
                field="period",
            )
    if indicator.levels and unit.reports_as not in indicator.levels:
        raise IndicatorError(
            f"{indicator.code} is reported by units of kind {', '.join(indicator.levels)}; "
            f"{unit.code} {unit.name} is a {unit.kind}",
            field="unit",
        )


def counterparts(indicator: Indicator, unit: Unit, period: str) -> tuple[Counterpart, ...]:
    """The other side of each ratio declaring this indicator at most / at least another
    (a narrow query first: most indicators are in no such ratio)."""
    with connection.cursor() as cursor:  # plain SQL: compiling the ORM's was most of the cost
        cursor.execute(
            f"SELECT numerator_id, denominator_id FROM {Indicator._meta.db_table} "  # noqa: S608
            "WHERE kind = %s AND numerator_at_most_denominator = %s "
            "AND (numerator_id = %s OR denominator_id = %s) ORDER BY id",
            [IndicatorKind.RATIO.value, True, indicator.pk, indicator.pk],
        )
        pairs = cursor.fetchall()
    found = []
    for numerator_id, denominator_id in pairs:
        is_numerator = numerator_id == indicator.pk
        other = Indicator.objects.get(pk=denominator_id if is_numerator else numerator_id)
        current = latest_value(other, unit, period)
        if current is not None:
            found.append(Counterpart(other.code, current.value, is_numerator))
    return tuple(found)


def value_record(
    *,
    unit: Unit,
    indicator: Indicator,
    period: str | CalendarPeriod,
    value: str | Decimal,
    author: Any = None,
    source: str = ValueSource.ENTERED,
    comment: str = "",
    recorded_at: datetime | None = None,
) -> RecordedValue:
    """Record one unit's value of an indicator for a period as a new version (the latest
    counts; an unchanged value adds none). A value far from the previous period's is
    recorded with a warning."""
    text = period_for(indicator, period)
    reporting_check(indicator, unit, text)
    before = str(parse_calendar_period(text).previous())
    latest = {  # this period's and the previous one's latest versions, in one query
        v.period: v
        for v in IndicatorValue.objects.filter(
            indicator=indicator, unit=unit, period__in=[text, before]
        ).order_by("version")
    }
    previous = latest.get(before)
    reads = indicator.dependencies.values_list("code", flat=True) if indicator.formula else ()
    checked = check_value(
        spec_of(indicator, reads),
        value,
        previous=previous.value if previous else None,
        counterparts=counterparts(indicator, unit, text),
    )
    if checked.value is None:
        raise IndicatorError(
            f"{indicator.code}, {unit.code}, {text}: {checked.error}", field="value"
        )
    current = latest.get(text)
    if current is not None and current.value == checked.value:
        return RecordedValue(current, False, checked.warning)
    return _new_version(
        indicator,
        unit,
        text,
        current,
        checked.value,
        checked.warning,
        source=source,
        author=author,
        comment=comment,
        recorded_at=recorded_at,
    )


def _new_version(
    indicator: Indicator,
    unit: Unit,
    text: str,
    current: IndicatorValue | None,
    value: Decimal,
    warning: str,
    *,
    source: str,
    author: Any,
    comment: str,
    recorded_at: datetime | None,
) -> RecordedValue:
    """Insert the version after `current` with its parent's summary; on a lost race, the
    version after the winner's (three tries)."""
    for _attempt in range(3):
        version = (current.version if current else 0) + 1
        record = IndicatorValue(
            indicator=indicator,
            unit=unit,
            period=text,
            version=version,
            value=value,
            source=source,
            author=author,
            recorded_at=recorded_at or timezone.now(),
            comment=comment,
        )
        # the version and its summary in one transaction; no savepoint: nothing in it raises
        # on a lost race (the version is inserted only if free) and checks ran before it
        with transaction.atomic(savepoint=False):
            if _insert_if_free(record):
                if unit.parent_id is not None:
                    summary_refresh(
                        indicator_id=indicator.pk, period=text, parent_id=unit.parent_id
                    )
                return RecordedValue(record, True, warning)
        current = latest_value(indicator, unit, text)  # another writer took this version
    raise IndicatorError("the value is being changed by someone else; try again", field="value")


_INSERT_FIELDS = (
    "indicator",
    "unit",
    "period",
    "version",
    "value",
    "source",
    "author",
    "recorded_at",
    "comment",
)


def _insert_if_free(record: IndicatorValue) -> bool:
    """Insert the version unless another writer has it (one statement; sets the id)."""
    fields = [IndicatorValue._meta.get_field(name) for name in _INSERT_FIELDS]
    names, params = [], []
    for f in fields:
        assert isinstance(f, Field) and f.column
        names.append(connection.ops.quote_name(f.column))
        params.append(f.get_db_prep_save(getattr(record, f.attname), connection))
    columns = ", ".join(names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {IndicatorValue._meta.db_table} ({columns}) "  # noqa: S608 - model names
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            "ON CONFLICT (indicator_id, unit_id, period, version) DO NOTHING RETURNING id",
            params,
        )
        row = cursor.fetchone()
    if row is None:
        return False
    record.pk = row[0]
    record._state.adding = False
    record._state.db = connection.alias
    return True


@dataclass(frozen=True)
class NewValue:
    indicator: Indicator
    unit: Unit
    period: str
    value: Decimal
    comment: str = ""


@transaction.atomic
def values_write(
    *, rows: Sequence[NewValue], author: Any = None, source: str = ValueSource.IMPORTED
) -> list[IndicatorValue]:
    """Checked values as new versions, all in one transaction (the importers' write), and
    the summaries they change."""
    versions = latest_versions((r.indicator.pk, r.unit.pk, r.period) for r in rows)
    now = timezone.now()
    records = []
    for r in rows:
        key = (r.indicator.pk, r.unit.pk, r.period)
        versions[key] = versions.get(key, 0) + 1
        records.append(
            IndicatorValue(
                indicator=r.indicator,
                unit=r.unit,
                period=r.period,
                version=versions[key],
                value=r.value,
                source=source,
                author=author,
                recorded_at=now,
                comment=r.comment,
            )
        )
    created = IndicatorValue.objects.bulk_create(records, batch_size=1000)
    summaries_refresh_for((r.indicator.pk, r.unit.parent_id, r.period) for r in rows)
    return created


@transaction.atomic
def target_set(
    *,
    unit: Unit,
    indicator: Indicator,
    period: str | CalendarPeriod,
    target: Decimal,
    baseline: Decimal | None = None,
    baseline_period: str | CalendarPeriod | None = None,
    trajectory: str = Trajectory.LINEAR,
    author: Any = None,
) -> Target:
    """Set (or replace) a unit's target for an indicator at the end of a period. A target
    must be more than 0 (`validation.target_problem`: it is a ratio term)."""
    problem = target_problem(target)
    if problem:
        raise IndicatorError(problem, field="target")
    text = _any_period(period, "period")
    base_text = _any_period(baseline_period, "baseline_period") if baseline_period else ""
    if (baseline is None) != (not base_text):
        raise IndicatorError(
            "a baseline needs its period, and the period its baseline", field="baseline"
        )
    if base_text and (
        parse_calendar_period(base_text).end_index >= parse_calendar_period(text).end_index
    ):
        raise IndicatorError(
            f"the baseline period {base_text} must end before the target's period {text}",
            field="baseline_period",
        )
    if trajectory not in Trajectory.values:
        raise IndicatorError(f"{trajectory!r}: expected linear or step", field="trajectory")
    record, _ = Target.objects.update_or_create(
        indicator=indicator,
        unit=unit,
        period=text,
        defaults={
            "target": target,
            "baseline": baseline,
            "baseline_period": base_text,
            "trajectory": trajectory,
            "author": author,
            "recorded_at": timezone.now(),
        },
    )
    return record


def _any_period(value: str | CalendarPeriod | None, field: str) -> str:
    try:
        return str(
            value if isinstance(value, CalendarPeriod) else parse_calendar_period(value or "")
        )
    except CalendarPeriodError as exc:
        raise IndicatorError(str(exc), field=field) from None


_SPEC_FIELDS = (
    "name_vi",
    "name_en",
    "measure_unit",
    "value_type",
    "kind",
    "direction",
    "aggregation",
    "period_type",
    "rollup",
    "cumulative",
    "factor",
    "numerator_at_most_denominator",
    "formula",
    "min_value",
    "max_value",
    "field",
)


@transaction.atomic
def catalogue_write(
    *, specs: Sequence[IndicatorSpec], directives: dict[str, Directive]
) -> dict[str, str]:
    """Create or update indicators by code, inputs before what reads them. `specs` are
    checked together with the catalogue already (catalogue.graph_problems). Returns each
    code's action: create, update or unchanged."""
    by_code = {s.code: s for s in specs}
    existing = {i.code: i for i in Indicator.objects.filter(code__in=by_code)}
    actions = {}
    for code in evaluation_order(by_code):
        spec = by_code[code]
        values: dict[str, Any] = {f: getattr(spec, f) for f in _SPEC_FIELDS}
        values["levels"] = list(spec.levels)
        values["directive"] = directives.get(spec.directive) if spec.directive else None
        related = Indicator.objects.in_bulk(
            [c for c in (spec.numerator, spec.denominator) if c], field_name="code"
        )
        values["numerator"] = related.get(spec.numerator) if spec.numerator else None
        values["denominator"] = related.get(spec.denominator) if spec.denominator else None
        indicator = existing.get(code)
        before = (
            spec_of(indicator, indicator.dependencies.values_list("code", flat=True))
            if indicator
            else None
        )
        if indicator is None:
            indicator = Indicator.objects.create(code=code, **values)
        else:
            for name, value in values.items():
                setattr(indicator, name, value)
            indicator.save()
        indicator.dependencies.set(Indicator.objects.filter(code__in=spec.dependencies))
        actions[code] = (
            "create" if before is None else ("unchanged" if before == spec else "update")
        )
    return actions
