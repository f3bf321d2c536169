"""Defining an index from its JSON document (`steerco index define FILE.json`), and
reading a stored version back as a `Method`.

A definition is checked whole (`method.method_from_json`, every problem located) before
anything is written. Defining an existing code and version replaces it only while no
result is stored for it; otherwise it is refused: a changed method is a new version, so
the results already stored keep the method they were computed with.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.db import transaction

from steerco.lib.calendar_periods import CalendarPeriod, parse_calendar_period

from ..models import Indicator
from ..problems import ImportResult, IndicatorError, Problem
from .method import Method, Part, PillarMethod, method_from_json
from .models import Index, IndexResult, IndexVersion, Pillar, PillarIndicator


def index_define(*, name: str, data: bytes, commit: bool) -> ImportResult:
    """Check a definition and, with `commit`, write it (all or nothing). The result's
    `created` / `updated` count the version (1 either way)."""
    result = ImportResult(name)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        result.rejected.append(Problem(name, None, None, "", f"not a JSON document: {exc}"))
        return result
    known = set(Indicator.objects.values_list("code", flat=True))
    method, problems = method_from_json(document, known=known.__contains__)
    result.rejected += [Problem(name, None, where, value, msg) for where, value, msg in problems]
    if method is None:
        return result
    existing = IndexVersion.objects.filter(index__code=method.code, version=method.version).first()
    if existing is not None and IndexResult.objects.filter(version=existing).exists():
        result.rejected.append(
            Problem(
                name,
                None,
                "version",
                method.version,
                f"{method.code} version {method.version} has stored results and cannot be "
                "changed; define a new version",
            )
        )
        return result
    if existing is None:
        result.created = 1
    elif stored_method(existing) == method:
        result.unchanged = 1
    else:
        result.updated = 1
    if commit and not result.unchanged:
        _write(method)
    result.committed = commit
    return result


@transaction.atomic
def _write(method: Method) -> IndexVersion:
    index, _ = Index.objects.update_or_create(
        code=method.code, defaults={"name_vi": method.name_vi, "name_en": method.name_en}
    )
    IndexVersion.objects.filter(index=index, version=method.version).delete()
    version = IndexVersion.objects.create(
        index=index,
        version=method.version,
        valid_from=method.valid_from,
        name_vi=method.name_vi,
        name_en=method.name_en,
        missing=method.missing,
    )
    indicators = dict(
        Indicator.objects.filter(code__in=method.indicator_codes()).values_list("code", "pk")
    )
    for position, p in enumerate(method.pillars):
        pillar = Pillar.objects.create(
            version=version,
            position=position,
            code=p.code,
            name_vi=p.name_vi,
            name_en=p.name_en,
            weight=p.weight,
        )
        PillarIndicator.objects.bulk_create(
            PillarIndicator(
                pillar=pillar,
                position=n,
                indicator_id=indicators[part.indicator],
                weight=part.weight,
                normalise=part.normalise,
                thresholds=[[str(t), str(s)] for t, s in part.thresholds],
            )
            for n, part in enumerate(p.parts)
        )
    return version


def stored_method(version: IndexVersion) -> Method:
    """The method of a stored version (3 queries)."""
    pillars = list(version.pillars.order_by("position"))
    parts = (
        PillarIndicator.objects.filter(pillar__version=version)
        .select_related("indicator")
        .order_by("pillar_id", "position")
    )
    by_pillar: dict[int, list[Part]] = {}
    for part in parts:
        by_pillar.setdefault(part.pillar_id, []).append(
            Part(
                part.indicator.code,
                part.weight.normalize(),
                part.normalise,
                tuple((Decimal(t), Decimal(s)) for t, s in part.thresholds),
            )
        )
    index_code = Index.objects.values_list("code", flat=True).get(pk=version.index_id)
    return Method(
        index_code,
        version.version,
        version.valid_from,
        version.name_vi,
        version.name_en,
        version.missing,
        tuple(
            PillarMethod(p.code, p.name_vi, p.name_en, p.weight.normalize(), tuple(by_pillar[p.pk]))
            for p in pillars
        ),
    )


def version_in_force(index: Index, period: CalendarPeriod, version: str = "") -> IndexVersion:
    """The version named, or the one in force for `period`: the latest `valid_from` not
    after it (the one defined last among equals)."""
    versions = list(IndexVersion.objects.filter(index=index).order_by("pk"))
    if version:
        named = next((v for v in versions if v.version == version), None)
        if named is None:
            known = ", ".join(v.version for v in versions) or "none"
            raise IndicatorError(
                f"{index.code} has no version {version!r}; its versions: {known}", field="version"
            )
        return named
    in_force = [
        v for v in versions if parse_calendar_period(v.valid_from).starts_on <= period.starts_on
    ]
    if not in_force:
        raise IndicatorError(f"no version of {index.code} is in force for {period}", field="period")
    return max(in_force, key=lambda v: (parse_calendar_period(v.valid_from).sort_key, v.pk))
