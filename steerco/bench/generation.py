"""`steerco gen`: a synthetic nation on the real organisation tree.

Central directives (Resolution 57, the Government's programme, the central steering
committee's plan and concluding notice, Conclusion 81) assign tasks to ministries and
to every province; each province cascades them to its departments in its own plan and
adds tasks for its departments and communes; each commune cascades its share into a
commune plan. Every task gets a progress history from `history.simulate` (the services'
history rule, `steerco.progress.history_step`), written with bulk inserts keyed by
`HISTORY_ROW_FIELDS` and `TASK_CACHE_FIELDS` (`steerco.lib.bulk`: COPY on PostgreSQL)
that produce exactly the rows the services would.
"""

from __future__ import annotations

import random
import time as clock
import zoneinfo
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.conf import settings
from django.db import transaction

from steerco.directives.models import (
    TASK_CACHE_FIELDS,
    Directive,
    Task,
    missing_clears,
    task_search_text,
)
from steerco.lib import bulk
from steerco.lib.periods import PeriodKind, period_containing
from steerco.progress.history_step import Rules
from steerco.progress.models import (
    HISTORY_ROW_FIELDS,
    Extension,
    ExtensionDecision,
    ProgressUpdate,
)
from steerco.scoring import summaries
from steerco.scoring.services import period_close
from steerco.units.models import Unit, UnitKind

from .catalogue import (
    CENTRAL,
    CONTENTS,
    FIELD_DEPARTMENT,
    PEOPLE,
    PRODUCTS,
    ROMAN,
    SCALES,
    Scale,
    multiplied,
)
from .history import History, Profile, simulate
from .memory import peak_rss_mb
from .models import Dataset
from .money import generate_money

#: The dataset's "today": every history stops here; the benchmark asks "as of" it.
DATASET_TODAY = date(2026, 11, 14)
CLOSED_MONTHS = 6  # the monthly periods closed before today's (see Generator._close_months)


class GenerationError(ValueError):
    pass


TASK_COLS = (
    "id",
    "directive",
    "reference",
    "content",
    "lead_unit",
    "external_partners",
    "assigned_by",
    "responsible_person",
    "responsible",
    "deputy",
    "deadline_text",
    "original_due_on",
    "recurring",
    "cadence",
    "expected_product",
    "field",
    "authority",
    "parent",
    "five_clear",
    "search_text",
    "assigned_on",
    "created_at",
    *TASK_CACHE_FIELDS,
)
UPDATE_COLS = ("id", *HISTORY_ROW_FIELDS)
EXTENSION_COLS = (
    "id",
    "task",
    "requested_on",
    "requested_by",
    "previous_due_on",
    "new_due_on",
    "reason",
)
DECISION_COLS = ("extension", "task", "status", "decided_on", "decided_by", "note", "recorded_at")


@dataclass
class U:
    """The little the generator needs to know about a unit."""

    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    path: str


@dataclass
class Built:
    directives: int = 0
    tasks: int = 0
    updates: int = 0
    extensions: int = 0
    coordinations: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0

    def __post_init__(self) -> None:
        self.states: Counter[str] = Counter()


def _count(rng: random.Random, mean: float) -> int:
    if mean < 3:
        return int(mean) + (1 if rng.random() < mean - int(mean) else 0)
    return max(0, round(rng.gauss(mean, mean * 0.25)))


def _deadline(rng: random.Random, assigned_on: date) -> tuple[date, str]:
    target = assigned_on + timedelta(days=rng.choice((60, 120, 180, 270, 365, 450, 540)))
    style = rng.random()
    if style < 0.4:
        q = (target.month - 1) // 3 + 1
        end = date(target.year, 3 * q, 31 if q in (1, 4) else 30)
        return end, f"Quý {ROMAN[q - 1]}/{target.year}"
    if style < 0.7:
        nxt = date(target.year + (target.month == 12), target.month % 12 + 1, 1)
        return nxt - timedelta(days=1), f"Tháng {target.month}/{target.year}"
    if style < 0.85:
        return date(target.year, 12, 31), f"Năm {target.year}"
    return target, f"{target:%d/%m/%Y}"


class Generator:
    def __init__(
        self,
        scale: Scale,
        seed: int,
        today: date = DATASET_TODAY,
        say: Callable[[str], None] = lambda s: None,
    ):
        self.scale = scale
        self.seed = seed
        self.today = today
        self.say = say
        self.tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        # The history rule's parameters, for directives that require acceptance or not.
        self.rules = {flag: Rules.from_settings(flag) for flag in (False, True)}
        self.built = Built()
        self.profiles: dict[int, Profile] = {}
        self.new_directives: list[Directive] = []
        self._reset_rows()

    # ---- units -----------------------------------------------------------
    def _load_units(self) -> None:
        units = [
            U(*row)
            for row in Unit.objects.values_list("id", "code", "name", "kind", "parent_id", "path")
        ]
        self.by_code = {u.code: u for u in units}
        self.provinces = sorted(
            (u for u in units if u.kind == UnitKind.PROVINCE), key=lambda u: u.path
        )
        if len(self.provinces) != 34 or "TW-BCD" not in self.by_code:
            raise GenerationError(
                "The Vietnamese units are not loaded: run `steerco units load` first."
            )
        self.ministries = [u for u in units if u.kind == UnitKind.MINISTRY]
        self.children: dict[int, dict[str, list[U]]] = {}
        for u in units:
            if u.kind in (UnitKind.DEPARTMENT, UnitKind.COMMUNE) and u.parent_id is not None:
                self.children.setdefault(u.parent_id, {}).setdefault(u.kind, []).append(u)
        if self.scale.provinces is not None:
            self.provinces = [p for p in self.provinces if p.code in self.scale.provinces]

    def _profile(self, rng: random.Random, unit: U, province_pace: float) -> Profile:
        p = self.profiles.get(unit.id)
        if p is None:
            p = Profile(
                skip=rng.choices((0.03, 0.1, 0.2, 0.35, 0.6), (4, 4, 3, 1, 1))[0],
                pace=min(1.6, max(0.5, rng.gauss(province_pace, 0.1))),
                delay_days=rng.randint(1, 5),
                report_day=rng.randint(5, 14),
                twice_a_month=rng.random() < 0.25,
            )
            self.profiles[unit.id] = p
        return p

    # ---- rows ------------------------------------------------------------
    def _task(
        self,
        rng: random.Random,
        *,
        directive: Directive,
        lead: U,
        assigned_by: U,
        assigned_on: date,
        field: str,
        reference: str,
        parent: int | None,
        profile: Profile,
        coordinating: Sequence[U] = (),
        recurring_share: float = 0.08,
    ) -> int:
        tid = self.next_task
        self.next_task += 1
        recurring = rng.random() < recurring_share
        cadence = rng.choice(("month", "month", "quarter")) if recurring else ""
        due, text = (None, "Thường xuyên") if recurring else _deadline(rng, assigned_on)
        person, product, content, five = _wording(rng, field)
        h = simulate(
            rng,
            assigned_on=assigned_on,
            original_due_on=due,
            recurring=recurring,
            cadence=cadence,
            profile=profile,
            end=self.today,
            rules=self.rules[directive.requires_acceptance],
        )
        c = h.cache
        self.tasks.append(
            {
                "id": tid,
                "directive": directive.pk,
                "reference": reference,
                "content": content,
                "lead_unit": lead.id,
                "external_partners": "",
                "assigned_by": assigned_by.id,
                "responsible_person": person,
                # The person cell stays text here: no official records in the synthetic nation.
                "responsible": None,
                "deputy": None,
                "deadline_text": text,
                "original_due_on": due,
                "recurring": recurring,
                "cadence": cadence,
                "expected_product": product,
                "field": field,
                "authority": "",
                "parent": parent,
                "five_clear": five,
                "search_text": task_search_text(
                    reference=reference,
                    content=content,
                    responsible_person=person,
                    expected_product=product,
                ),
                "assigned_on": assigned_on,
                "created_at": datetime.combine(assigned_on, dtime(9), tzinfo=self.tz),
                **c.values(),
            }
        )
        self._history(tid, lead, h)
        self._coordinators(tid, lead, coordinating)
        self.built.states[c.state if not c.cancelled_on else "cancelled"] += 1
        return tid

    def _coordinators(self, tid: int, lead: U, coordinating: Sequence[U]) -> None:
        for u in coordinating:
            if u.id != lead.id:
                self.coord.append({"task": tid, "unit": u.id})

    def _history(self, tid: int, lead: U, h: History) -> None:
        for r in h.rows:
            self.updates.append(
                {
                    "id": self.next_update,
                    "task": tid,
                    **r.values.values(),
                    "done": r.done,
                    "obstacles": r.obstacles,
                    "proposals": r.proposals,
                    "product_symbol": r.product_symbol,
                    "product_date": r.product_date,
                    "links": r.links,
                    "note": r.note,
                    "unit": lead.id,
                    "author": None,
                    "idempotency_key": None,
                }
            )
            self.next_update += 1
        for e in h.extensions:
            self.extensions.append(
                {
                    "id": self.next_extension,
                    "task": tid,
                    "requested_on": e.requested_on,
                    "requested_by": None,
                    "previous_due_on": e.previous_due_on,
                    "new_due_on": e.new_due_on,
                    "reason": e.reason,
                }
            )
            if e.decided_on is not None:  # the decision: a history row of its own
                self.decisions.append(
                    {
                        "extension": self.next_extension,
                        "task": tid,
                        "status": e.status,
                        "decided_on": e.decided_on,
                        "decided_by": None,
                        "note": "",
                        "recorded_at": datetime.combine(e.decided_on, dtime(16), tzinfo=self.tz),
                    }
                )
            self.next_extension += 1

    def _flush(self) -> None:
        b = self.built
        b.tasks += bulk.insert(Task, TASK_COLS, self.tasks)
        # Each task's history is made whole before a flush: its chains start here.
        b.updates += bulk.insert(ProgressUpdate, UPDATE_COLS, self.updates, new_chains=True)
        b.extensions += bulk.insert(Extension, EXTENSION_COLS, self.extensions, new_chains=True)
        bulk.insert(ExtensionDecision, DECISION_COLS, self.decisions, new_chains=True)
        b.coordinations += bulk.insert(
            Task.coordinating_units.through, ("task", "unit"), self.coord
        )
        self._reset_rows()

    def _reset_rows(self) -> None:
        self.tasks: list[dict[str, object]] = []
        self.updates: list[dict[str, object]] = []
        self.extensions: list[dict[str, object]] = []
        self.decisions: list[dict[str, object]] = []
        self.coord: list[dict[str, int]] = []

    def _directive(self, **fields) -> Directive:
        d = Directive(pk=self.next_directive, **fields)
        self.next_directive += 1
        self.new_directives.append(d)
        return d

    def _save_directives(self) -> None:
        Directive.objects.bulk_create(self.new_directives, batch_size=1000)
        self.built.directives += len(self.new_directives)
        self.new_directives = []

    # ---- the nation -------------------------------------------------------
    def run(self) -> Built:
        started = clock.monotonic()
        self._load_units()
        if Task.objects.exists() or Directive.objects.exists():
            raise GenerationError(
                "This database already holds directives or tasks; generate into an empty one "
                "(e.g. STEERCO_DB=.bench/mine.sqlite3 or a fresh DATABASE_URL)."
            )
        self.next_directive = bulk.next_id(Directive)
        self.next_task = bulk.next_id(Task)
        self.next_update = bulk.next_id(ProgressUpdate)
        self.next_extension = bulk.next_id(Extension)
        self._reset_rows()
        self.new_directives = []
        with transaction.atomic():
            central = self._central()
            for i, province in enumerate(self.provinces):
                self._province(random.Random(self.seed * 1000 + i + 1), province, central)  # noqa: S311
                if (i + 1) % 5 == 0 or i + 1 == len(self.provinces):
                    self.say(
                        f"  {i + 1}/{len(self.provinces)} provinces, {self.built.tasks:,} tasks, "
                        f"{self.built.updates:,} updates, {clock.monotonic() - started:.0f}s"
                    )
            bulk.reset_sequences(
                [Directive, Task, ProgressUpdate, Extension, Task.coordinating_units.through]
            )
            generate_money(self.seed, self.today, self.say)
            closed = self._close_months()
            summaries.rebuild(self.today)  # today's counts, as the daily step leaves them
            bulk.analyze()
            self.say(
                f"  closed {closed} monthly reporting periods, {clock.monotonic() - started:.0f}s"
            )
            self.built.seconds = round(clock.monotonic() - started, 1)
            self.built.peak_rss_mb = peak_rss_mb()
            Dataset.objects.create(
                scale=self.scale.name,
                seed=self.seed,
                today=self.today,
                tasks=self.built.tasks,
                updates=self.built.updates,
                seconds=self.built.seconds,
                peak_rss_mb=self.built.peak_rss_mb,
            )
        return self.built

    def _close_months(self) -> int:
        """Close the months before the current one, as a steering office does each month
        (Decree 09): dashboards' trends and reports' previous periods then read their
        snapshots. The current month (ending `today`) stays open, so every benchmark as
        of `today` classifies live."""
        month = period_containing(self.today, PeriodKind.MONTH, settings.STEERCO_CUTOFF_DAY)
        for _ in range(CLOSED_MONTHS):
            month = month.previous()
            period_close(period=month)
        return CLOSED_MONTHS

    def _central(self) -> list[tuple[Directive, list[tuple[str, str, date]]]]:
        """Central directives, their ministry tasks, and the per-province task templates."""
        rng = random.Random(self.seed)  # noqa: S311 - synthetic data, not secrets
        made: dict[str, Directive] = {}
        out = []
        for (
            symbol,
            kind,
            issuer,
            issued,
            title,
            implements,
            acceptance,
            per_prov,
            _per_min,
            fields,
        ) in CENTRAL:
            d = self._directive(
                symbol=symbol,
                kind=kind,
                issuer_id=self.by_code[issuer].id,
                issued_on=issued,
                title=title,
                implements=made.get(implements) if implements else None,
                requires_acceptance=acceptance,
            )
            made[symbol] = d
            templates = [
                (
                    f"{ROMAN[k % 4]}.{k + 1}",
                    rng.choice(fields),
                    issued + timedelta(days=rng.randint(0, 10)),
                )
                for k in range(round(per_prov * self.scale.central_share))
            ]
            out.append((d, templates))
        self._save_directives()
        pace = 0.85
        issuers = {d.pk: self.by_code[c[2]] for d, c in zip(made.values(), CENTRAL, strict=True)}
        for (d, _), spec in zip(out, CENTRAL, strict=True):
            for k in range(round(spec[8] * self.scale.ministry_share)):
                ministry = rng.choice(self.ministries)
                self._task(
                    rng,
                    directive=d,
                    lead=ministry,
                    assigned_by=issuers[d.pk],
                    assigned_on=d.issued_on + timedelta(days=rng.randint(0, 10)),
                    field=rng.choice(spec[9]),
                    reference=f"M.{k + 1}",
                    parent=None,
                    profile=self._profile(rng, ministry, pace),
                )
        self._flush()
        self.central_issuers = issuers
        return out

    def _province(
        self,
        rng: random.Random,
        province: U,
        central: list[tuple[Directive, list[tuple[str, str, date]]]],
    ) -> None:
        pace = min(1.2, max(0.6, rng.gauss(0.85, 0.09)))
        depts = self.children[province.id][UnitKind.DEPARTMENT]
        communes = self.children[province.id][UnitKind.COMMUNE]
        prof = self._profile(rng, province, pace)
        plan, commune_plans, own = self._province_plans(rng, province, communes, central)
        self._cascade_central(rng, province, central, plan, depts, prof, pace)
        n = self._department_tasks(rng, province, plan, depts, pace)
        for c in communes:
            n = self._commune_tasks(
                rng, province, plan, c, commune_plans.get(c.id), own[c.id], depts, pace, n
            )
            if len(self.updates) > 200_000:
                self._flush()
        self._flush()

    def _province_plans(
        self,
        rng: random.Random,
        province: U,
        communes: list[U],
        central: list[tuple[Directive, list[tuple[str, str, date]]]],
    ) -> tuple[Directive, dict[int, Directive], dict[int, int]]:
        """The province's plan, each commune's count of own tasks, and a plan for each
        commune that has any."""
        plan = self._directive(
            symbol=f"{rng.randint(10, 300)}/KH-UBND-{province.code}",
            kind="plan",
            issuer_id=province.id,
            issued_on=date(2025, 7, 10) + timedelta(days=rng.randint(0, 40)),
            title=f"Kế hoạch thực hiện Kế hoạch số 02-KH/BCĐTW trên địa bàn {province.name}",
            implements=central[2][0],
            requires_acceptance=rng.random() < 0.5,
        )
        commune_plans = {}
        own = {c.id: _count(rng, self.scale.commune_own) for c in communes}
        for c in communes:
            if own[c.id]:
                commune_plans[c.id] = self._directive(
                    symbol=f"{rng.randint(1, 200)}/KH-UBND-{c.code}",
                    kind="plan",
                    issuer_id=c.id,
                    issued_on=plan.issued_on + timedelta(days=rng.randint(15, 75)),
                    title=f"Kế hoạch thực hiện Kế hoạch số {plan.symbol} trên địa bàn {c.name}",
                    implements=plan,
                    requires_acceptance=False,
                )
        self._save_directives()
        return plan, commune_plans, own

    def _cascade_central(
        self,
        rng: random.Random,
        province: U,
        central: list[tuple[Directive, list[tuple[str, str, date]]]],
        plan: Directive,
        depts: list[U],
        prof: Profile,
        pace: float,
    ) -> None:
        """Central tasks led by the province, each cascaded to a department in the
        provincial plan."""
        dept_by_suffix = {d.code.split("-", 1)[1]: d for d in depts}
        cascade_on = plan.issued_on
        for d, templates in central:
            issuer = self.central_issuers[d.pk]
            for ref, fld, assigned in templates:
                tid = self._task(
                    rng,
                    directive=d,
                    lead=province,
                    assigned_by=issuer,
                    assigned_on=assigned,
                    field=fld,
                    reference=ref,
                    parent=None,
                    profile=prof,
                    recurring_share=0.05,
                )
                dept = (
                    dept_by_suffix[FIELD_DEPARTMENT[fld]]
                    if rng.random() < 0.7
                    else rng.choice(depts)
                )
                self._task(
                    rng,
                    directive=plan,
                    lead=dept,
                    assigned_by=province,
                    assigned_on=max(cascade_on, assigned),
                    field=fld,
                    reference=f"{d.symbol} {ref}",
                    parent=tid,
                    profile=self._profile(rng, dept, pace),
                    coordinating=self._coord(rng, depts, 0.3),
                )

    def _department_tasks(
        self, rng: random.Random, province: U, plan: Directive, depts: list[U], pace: float
    ) -> int:
        """The provincial plan's own tasks led by departments; returns how many were
        numbered."""
        n = 0
        for dept in depts:
            for _ in range(_count(rng, self.scale.dept_tasks)):
                n += 1
                self._task(
                    rng,
                    directive=plan,
                    lead=dept,
                    assigned_by=province,
                    assigned_on=plan.issued_on,
                    field=rng.choice(tuple(CONTENTS)),
                    reference=f"{ROMAN[n % 4]}.{n}",
                    parent=None,
                    profile=self._profile(rng, dept, pace),
                    coordinating=self._coord(rng, depts, 0.3),
                )
        return n

    def _commune_tasks(
        self,
        rng: random.Random,
        province: U,
        plan: Directive,
        c: U,
        cplan: Directive | None,
        own: int,
        depts: list[U],
        pace: float,
        n: int,
    ) -> int:
        """A commune's tasks in the provincial plan (numbered on from n), then the tasks
        of its own plan under them; returns the numbering reached."""
        cprof = self._profile(rng, c, pace)
        led = []
        for _ in range(_count(rng, self.scale.commune_tasks)):
            n += 1
            led.append(
                self._task(
                    rng,
                    directive=plan,
                    lead=c,
                    assigned_by=province,
                    assigned_on=plan.issued_on,
                    field=rng.choice(tuple(CONTENTS)),
                    reference=f"{ROMAN[n % 4]}.{n}",
                    parent=None,
                    profile=cprof,
                    coordinating=self._coord(rng, depts, 0.15, most=1),
                )
            )
        for k in range(own):
            assert cplan is not None  # a plan exists for every commune with own tasks
            self._task(
                rng,
                directive=cplan,
                lead=c,
                assigned_by=c,
                assigned_on=cplan.issued_on,
                field=rng.choice(tuple(CONTENTS)),
                reference=f"{k + 1}",
                parent=rng.choice(led) if led else None,
                profile=cprof,
            )
        return n

    @staticmethod
    def _coord(rng: random.Random, pool: list[U], share: float, most: int = 2) -> list[U]:
        if rng.random() >= share:
            return []
        return rng.sample(pool, rng.randint(1, most))


def _wording(rng: random.Random, field: str) -> tuple[str, str, str, bool]:
    """A task's responsible person, expected product and content (each sometimes left
    blank as real plans do), and whether the five clears are all present."""
    person = "" if rng.random() < 0.08 else f"{rng.choice(PEOPLE)}"
    product = "" if rng.random() < 0.07 else rng.choice(PRODUCTS)
    content = rng.choice(CONTENTS[field])
    five = not missing_clears(
        person=person,
        task=content,
        time=True,
        responsibility=True,
        product=product,
        authority="",
    )
    return person, product, content, five


def generate(
    scale: str, seed: int, say: Callable[[str], None] = lambda s: None, multiply: int = 1
) -> Built:
    if scale not in SCALES:
        raise GenerationError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    try:
        chosen = multiplied(SCALES[scale], multiply)
    except ValueError as exc:
        raise GenerationError(str(exc)) from None
    return Generator(chosen, seed, say=say).run()
