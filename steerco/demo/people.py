"""The demo's officials and who answers for each task: plain data drawn from seeded
streams of their own (the unit's code, the task's key), so the dataset's main stream
and the tasks' histories are unchanged, and the same on every run.

Every unit that leads a demo task, every department of the 34 provinces and the units
of the demo accounts get a roster: a department its director ("Giám đốc Sở ..."), two
deputy directors, two heads of division and an expert; a commune its chairman, two vice
chairmen and three civil servants ("Công chức Văn phòng - Thống kê", ...); a province
three vice chairmen of its People's Committee; a central body or ministry its leaders
and a director of department. The leaders answer for the unit's tasks; a head of
division or a deputy leader is the deputy on some.

Each task gets a first responsibility on the day it is assigned; a few change hands on
1 July 2025 or 1 July 2026 (duties re-divided among the leaders in mid-year), the second
only once that day has come; a few keep a role as written (`ROLE_TEXT_PROVINCES`: "Giám
đốc Sở"), the fallback of plans that name no one. Each demo account that is an official
is one roster member (`PERSONAS`); in 2026 one task is transferred to them and one away
from them where their unit has another leader, so their scorecards show both.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from steerco.directives.models import Responsibility, Task
from steerco.directives.responsibility import responsibility_record
from steerco.lib import bulk
from steerco.people.models import Person, folded_name

from . import texts
from .history import replay

if TYPE_CHECKING:
    from .dataset import Plan, TaskSpec, UnitIndex, UnitInfo

SEED = "57:people"
TRANSFER_DAYS = (date(2025, 7, 1), date(2026, 7, 1))
TRANSFER_SHARE = 0.05
DEPUTY_SHARE = 0.4
#: The provinces whose first department task under the programme keeps a role as
#: written ("Giám đốc Sở") instead of a named official: the text fallback.
ROLE_TEXT_PROVINCES = ("01", "04", "08", "24", "33")
ROLE_TEXT = "Giám đốc Sở"
CENTRAL_PERSONA_TITLE = "Chánh Văn phòng Ban Chỉ đạo Trung ương"
LAM_BINH = "Xã Lâm Bình"
DIVISIONS = (
    "Phòng Kế hoạch - Tài chính",
    "Phòng Tổng hợp",
    "Phòng Quản lý chuyên ngành",
    "Phòng Pháp chế",
    "Phòng Chuyển đổi số",
)
COMMUNE_CLERKS = (
    "Công chức Văn phòng - Thống kê",
    "Công chức Tài chính - Kế toán",
    "Công chức Văn hóa - Xã hội",
    "Công chức Địa chính - Xây dựng",
)


@dataclass(frozen=True)
class Official:
    key: str  # "<unit code>/<n>", n from 1 in roster order (the head first)
    unit: str
    full_name: str
    position: str
    leader: bool  # answers for the unit's tasks; the others are deputies at most
    active_from: date
    account: str = ""  # the demo account that signs in as this official


@dataclass(frozen=True)
class Term:
    """From `since` on, `official` (a key) answers for the task; None: `name` is a role
    as the plan wrote it."""

    since: date
    official: str | None
    name: str
    deputy: str | None = None


def persona_units(index: UnitIndex) -> dict[str, str]:
    """The unit of each demo account that is an official, by username."""
    lam_binh = next(
        (u.code for u in index.communes_of("08") if u.name == LAM_BINH), None
    )  # absent from a partial tree
    wanted = {
        "central": "TW",
        "tq-manager": "08",
        "tq-skhcn": "08-SKHCN",
        "tq-lambinh": lam_binh,
        "cb-manager": "04",
    }
    return {user: code for user, code in wanted.items() if code and index.has(code)}


def _name(rng: random.Random) -> str:
    male = rng.random() < 0.65
    middle: tuple[str, ...] = texts.MALE_MIDDLE if male else texts.FEMALE_MIDDLE
    given: tuple[str, ...] = texts.MALE_GIVEN if male else texts.FEMALE_GIVEN
    return f"{rng.choice(texts.SURNAMES)} {rng.choice(middle)} {rng.choice(given)}"


def _head(unit_name: str) -> str:
    first = unit_name.split(" ")[0]
    return {"Ban": "Trưởng", "Văn": "Chánh", "Thanh": "Chánh"}.get(first, "Giám đốc")


def _positions(unit: UnitInfo, city: bool) -> list[tuple[str, bool]]:
    """(position, leader) of a unit's roster, the head first."""
    if unit.code == "TW":
        return [(CENTRAL_PERSONA_TITLE, True)]
    if unit.kind == "province":
        title = "Phó Chủ tịch UBND thành phố" if city else "Phó Chủ tịch UBND tỉnh"
        return [(title, True)] * 3
    if unit.kind == "commune":
        where = f"{unit.name[0].lower()}{unit.name[1:]}"
        clerks = [(c, False) for c in COMMUNE_CLERKS[:3]]
        return (
            [(f"Chủ tịch UBND {where}", True)] + [(f"Phó Chủ tịch UBND {where}", True)] * 2 + clerks
        )
    if unit.kind in ("central", "ministry"):
        head = texts.CENTRAL_TITLES.get(unit.code) or f"Thứ trưởng {unit.name}"
        return [
            (head, True),
            (f"Thứ trưởng {unit.name}", True),
            ("Vụ trưởng Vụ Kế hoạch - Tài chính", False),
        ]
    head = _head(unit.name)
    return [
        (f"{head} {unit.name}", True),
        (f"Phó {head} {unit.name}", True),
        (f"Phó {head} {unit.name}", True),
        (f"Trưởng {DIVISIONS[0].replace('Phòng', 'phòng', 1)}", False),
        (f"Trưởng {DIVISIONS[1 + len(unit.name) % 4].replace('Phòng', 'phòng', 1)}", False),
        (f"Chuyên viên {DIVISIONS[0].replace('Phòng', 'phòng', 1)}", False),
    ]


def roster(unit: UnitInfo, city: bool) -> list[Official]:
    """A unit's officials, drawn from the unit's own stream; no two share a name."""
    rng = random.Random(f"{SEED}:{unit.code}")  # noqa: S311 - seeded on purpose
    names: set[str] = set()
    out = []
    for n, (position, leader) in enumerate(_positions(unit, city), 1):
        name = _name(rng)
        while name in names:
            name = _name(rng)
        names.add(name)
        if unit.kind == "commune":  # the communes of the two-level government, from 1/7/2025
            since = date(2025, 7, 1)
        else:
            since = date(2016, 1, 1) + timedelta(days=rng.randint(0, 8 * 365))
        out.append(Official(f"{unit.code}/{n}", unit.code, name, position, leader, since))
    return out


def _roster_units(plan: Plan, index: UnitIndex, personas: dict[str, str]) -> list[str]:
    codes = {t.lead for t in plan.tasks} | set(personas.values())
    provinces = {u.code for u in index.provinces()}
    codes |= {
        u.code for u in index.units.values() if u.kind == "department" and u.parent in provinces
    }
    return sorted(c for c in codes if index.has(c))


def _province_of(index: UnitIndex, code: str) -> str | None:
    unit = index.units.get(code)
    while unit is not None and unit.kind != "province":
        unit = index.units.get(unit.parent) if unit.parent else None
    return unit.code if unit else None


@dataclass
class Cast:
    officials: list[Official]
    by_unit: dict[str, list[Official]]

    def leaders(self, unit: str) -> list[Official]:
        return [o for o in self.by_unit.get(unit, []) if o.leader]


def cast(plan: Plan, index: UnitIndex, today: date) -> Cast:
    """The officials of the demo and each task's responsibility terms (set on the tasks'
    `terms`, with `person` the name in force today); the officials are set on the plan."""
    personas = persona_units(index)
    by_unit: dict[str, list[Official]] = {}
    for code in _roster_units(plan, index, personas):
        unit = index.units[code]
        province = index.units.get(_province_of(index, code) or "")
        city = province is not None and province.name.startswith("Thành phố")
        by_unit[code] = roster(unit, city)
    for user, code in personas.items():
        # the account's official: a vice chairman of a province, the deputy director of a
        # department or vice chairman of a commune (a leader, not the head), TW's only one
        people = by_unit[code]
        i = 0 if len(people) == 1 or index.units[code].kind == "province" else 1
        people[i] = replace(people[i], account=user)
    result = Cast([o for code in sorted(by_unit) for o in by_unit[code]], by_unit)
    role_tasks = _role_text_tasks(plan, index)
    central = by_unit["TW"][0] if "central" in personas else None
    for spec in plan.tasks:
        if spec.key in role_tasks:
            spec.terms = [Term(spec.assigned_on, None, ROLE_TEXT)]
        else:
            spec.terms = _terms(spec, result, central, today)
    _persona_transfers(plan, result, today)
    for spec in plan.tasks:
        spec.person = spec.terms[-1].name
    plan.officials = result.officials
    return result


def _role_text_tasks(plan: Plan, index: UnitIndex) -> set[str]:
    """The first department task under the programme of each of ROLE_TEXT_PROVINCES."""
    chosen: dict[str, str] = {}
    for spec in plan.tasks:
        unit = index.units.get(spec.lead)
        if spec.parent is None or unit is None or unit.kind != "department":
            continue
        if unit.parent in ROLE_TEXT_PROVINCES and not spec.lead.endswith("-SKHCN"):
            chosen.setdefault(unit.parent, spec.key)
    return set(chosen.values())


def _weight(o: Official, spec: TaskSpec) -> float:
    """A demo official answers for most of their unit's tasks, all of those due from 2026."""
    if not o.account:
        return 1.0
    due = spec.original_due_on
    return 50.0 if due is not None and due.year >= 2026 else 3.0


def _terms(spec: TaskSpec, c: Cast, central: Official | None, today: date) -> list[Term]:
    rng = random.Random(f"{SEED}:{spec.key}")  # noqa: S311 - seeded on purpose
    leaders = c.leaders(spec.lead)
    if central is not None and spec.directive == "57-NQ/TW":
        # the central tasks of the resolution: followed by the steering committee's office,
        # the lead body's leader its deputy
        return [Term(spec.assigned_on, central.key, central.full_name, leaders[0].key)]
    department_2026 = spec.reference.startswith("B.") and "-" in spec.lead
    if department_2026 and c.leaders(spec.assigned_by) and not any(o.account for o in leaders):
        # what the programme added in 2026 for a department: the province's vice chairman
        # in charge answers for it, the department's head is the deputy (the demo's
        # department official keeps theirs)
        vice = c.leaders(spec.assigned_by)[0]
        return [Term(spec.assigned_on, vice.key, vice.full_name, leaders[0].key)]
    who = rng.choices(leaders, weights=[_weight(o, spec) for o in leaders])[0]
    deputy = None
    if rng.random() < DEPUTY_SHARE:
        others = [
            o for o in c.by_unit[spec.lead] if o is not who and "Chuyên viên" not in o.position
        ]
        deputy = rng.choice(others).key if others else None
    terms = [Term(spec.assigned_on, who.key, who.full_name, deputy)]
    due = spec.original_due_on
    for day in TRANSFER_DAYS:
        moves = rng.random() < TRANSFER_SHARE
        if moves and spec.assigned_on < day <= today and (due is None or due > day):
            successor = rng.choice([o for o in leaders if o is not who] or [who])
            if successor is not who:
                kept = deputy if deputy != successor.key else None
                terms.append(Term(day, successor.key, successor.full_name, kept))
                who = successor
            break
    return terms


def _persona_transfers(plan: Plan, c: Cast, today: date) -> None:
    """One task moved to each demo official on 1 July 2026 and one moved away from them,
    where their unit has another leader and that day has come. Where the other leaders
    hold no task to give, one of the official's own was first another's."""
    day = TRANSFER_DAYS[-1]
    if day > today:
        return
    for official in (o for o in c.officials if o.account):
        others = [o for o in c.leaders(official.unit) if o is not official]
        if not others:
            continue
        keys = {o.key for o in others}
        held = [s for s in plan.tasks if s.terms[-1].official in keys | {official.key}]
        movable = [s for s in held if _movable(s, day)]
        mine = [s for s in movable if s.terms[-1].official == official.key]
        theirs = [s for s in movable if s.terms[-1].official in keys]
        if not theirs and len(mine) >= 2:
            spec = mine.pop()
            first = spec.terms[0]
            deputy = first.deputy if first.deputy != others[0].key else None
            spec.terms[0] = Term(first.since, others[0].key, others[0].full_name, deputy)
            theirs = [spec]
        if theirs:
            _move(theirs[0], day, official)
        if mine:
            _move(mine[0], day, others[0])


def _movable(spec: TaskSpec, day: date) -> bool:
    """A task a demo official may take over or hand on at `day`: assigned before it, one
    official so far, not recurring, still open on that day (a late task may be handed on)."""
    if len(spec.terms) != 1 or spec.terms[0].official is None or spec.schedule.recurring:
        return False
    if spec.assigned_on >= day:
        return False
    cache = replay(spec.schedule).cache
    ended = [d for d in (cache.completed_on, cache.cancelled_on) if d is not None]
    return not ended or min(ended) > day


def _move(spec: TaskSpec, day: date, to: Official) -> None:
    deputy = spec.terms[-1].deputy
    spec.terms.append(Term(day, to.key, to.full_name, deputy if deputy != to.key else None))


# --- writing -------------------------------------------------------------------------

PERSON_FIELDS = (
    "id",
    "full_name",
    "position",
    "unit",
    "user",
    "active_from",
    "active_until",
    "name_folded",
    "created_at",
)
RESPONSIBILITY_FIELDS = (
    "task",
    "since",
    "person",
    "person_text",
    "deputy",
    "note",
    "author",
    "recorded_at",
)
TRANSFER_NOTE = "Phân công lại nhiệm vụ trong lãnh đạo đơn vị từ ngày {day:%d/%m/%Y}."


def write_officials(
    officials: list[Official], users: dict[str, Any], unit_ids: dict[str, int]
) -> dict[str, int]:
    """Insert the officials (each demo account linked to its own); their ids by key."""
    first = bulk.next_id(Person)
    now = timezone.now()
    ids = {o.key: i for i, o in enumerate(officials, first)}
    bulk.insert(
        Person,
        PERSON_FIELDS,
        (
            {
                "id": ids[o.key],
                "full_name": o.full_name,
                "position": o.position,
                "unit": unit_ids[o.unit],
                "user": users[o.account].pk if o.account in users else None,
                "active_from": o.active_from,
                "active_until": None,
                "name_folded": folded_name(o.full_name),
                "created_at": now,
            }
            for o in officials
        ),
    )
    bulk.reset_sequences([Person])
    return ids


def _at_office(day: date) -> datetime:
    return datetime.combine(day, time(8, 15), tzinfo=timezone.get_current_timezone())


def responsibility_rows(spec: TaskSpec, task_id: int, ids: dict[str, int]) -> list[dict[str, Any]]:
    """The task's responsibility history as `responsibility_record` would write it."""
    return [
        {
            "task": task_id,
            "since": t.since,
            "person": ids[t.official] if t.official else None,
            "person_text": "" if t.official else t.name,
            "deputy": ids[t.deputy] if t.deputy else None,
            "note": TRANSFER_NOTE.format(day=t.since) if n else "",
            "author": None,
            "recorded_at": _at_office(t.since),
        }
        for n, t in enumerate(spec.terms)
    ]


def write_responsibilities(rows: list[dict[str, Any]]) -> int:
    return bulk.insert(Responsibility, RESPONSIBILITY_FIELDS, rows)


def assign_the_rest() -> int:
    """The tasks written through the services after the dataset (Tuyên Quang's committee
    notice): answered for by the head of their lead unit, through `responsibility_record`."""
    done = 0
    for task in Task.objects.filter(responsibilities__isnull=True).select_related("lead_unit"):
        head = Person.objects.filter(unit=task.lead_unit).order_by("id").first()
        if head is not None:
            responsibility_record(task=task, since=task.assigned_on, person=head)
            done += 1
    return done
