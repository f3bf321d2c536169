"""The demo dataset as plain data: directives, tasks (with cascades) and their planned
histories for every province. Pure: it reads a snapshot of the unit tree and returns
a `Plan`; `loading.py` writes it.

Tuyên Quang (08) is fixed so that, as of 2025-10-20, its figures are those its
provincial newspaper reported: Plan 02-KH/BCĐTW 25 tasks, 24 completed, 1 on track;
Resolution 71/NQ-CP 20 tasks, 12 completed, 8 on track; the concluding notice
45-TB/BCĐTW 102 tasks (78 until 2025-09-30; 24 assigned on 2025-10-08), 41
completed, 61 on track. Every other province draws its record from its own habits.
Cascades to departments and communes live under each province's programme of
action, so they do not change the counts of the central directives.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import UTC, date, timedelta
from typing import TYPE_CHECKING

from . import texts
from .history import (
    CANCELLED,
    DONE_LATE,
    DONE_ON_TIME,
    EXTENDED,
    ON_TRACK,
    OVERDUE,
    REFERENCE_DAY,
    DeadlineOption,
    Habits,
    Schedule,
    Writer,
    pick_deadline,
    plan_after,
    plan_before,
    replay,
)

if TYPE_CHECKING:
    from .people import Official, Term

SEED = 57
TUYEN_QUANG = "08"
CAO_BANG = "04"

RESOLUTION_57 = "57-NQ/TW"
PLAN_02 = "02-KH/BCĐTW"
RESOLUTION_71 = "71/NQ-CP"
CONCLUSION_81 = "81-KL/TW"
NOTICE = "45-TB/BCĐTW"

NOTICE_ISSUED = date(2025, 8, 29)
NOTICE_ADDED = date(
    2025, 10, 8
)  # the notice's further tasks, assigned after the 30 September cut-off

# Tuyên Quang's classes as of 2025-10-20, per directive.
TUYEN_QUANG_TARGETS: dict[str, list[str]] = {
    PLAN_02: [DONE_ON_TIME] * 21 + [DONE_LATE] * 3 + [ON_TRACK],
    RESOLUTION_71: [DONE_ON_TIME] * 10 + [DONE_LATE] * 2 + [ON_TRACK] * 6 + [EXTENDED] * 2,
    NOTICE: [DONE_ON_TIME] * 38 + [DONE_LATE] * 3 + [ON_TRACK] * 35 + [EXTENDED] * 2,
}
TUYEN_QUANG_NOTICE_ADDED = 24

# The seeds' ranks line: Tuyên Quang is 15th of 34 by GREEN rate on Plan 02-KH/BCĐTW as of
# 2025-10-22, so exactly 14 provinces are ahead of its 21 tasks done on time of 25 (84%).
# The provinces drawn before it (Hà Nội, Cao Bằng) keep their free draws, so Tuyên
# Quang's own stream is the seed's; both stay behind it (a test states the rank).
# Among the provinces after it, `Plan02Standing` puts 14 ahead by their drawn
# performance; an ahead province has a share of at least PLAN_02_AHEAD_GREEN of its
# Plan 02 tasks done on time, one behind at most PLAN_02_BEHIND_GREEN — low enough that a
# task or two finishing on time between 2025-10-20 and 10-22 cannot lift it to 84%.
PLAN_02_AHEAD = 14
PLAN_02_AHEAD_GREEN = (0.86, 0.98)  # the ahead provinces' share is drawn in this range
PLAN_02_BEHIND_GREEN = 0.78
PLAN_02_AHEAD_PERF = 0.67  # performance from which a province is ahead while places remain


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    kind: str
    parent: str | None


@dataclass
class UnitIndex:
    """The slice of the unit tree the plan needs, by code."""

    units: dict[str, UnitInfo]

    def provinces(self) -> list[UnitInfo]:
        return sorted(
            (u for u in self.units.values() if u.kind == "province"), key=lambda u: u.code
        )

    def communes_of(self, code: str) -> list[UnitInfo]:
        return sorted(
            (u for u in self.units.values() if u.kind == "commune" and u.parent == code),
            key=lambda u: u.code,
        )

    def has(self, code: str) -> bool:
        return code in self.units


@dataclass(frozen=True)
class DirectiveSpec:
    symbol: str
    kind: str
    issuer: str
    issued_on: date
    title: str
    implements: str | None = None
    requires_acceptance: bool = False


@dataclass
class TaskSpec:
    key: str
    directive: str
    reference: str
    content: str
    lead: str
    assigned_by: str
    assigned_on: date
    schedule: Schedule
    coordinating: tuple[str, ...] = ()
    person: str = ""
    deadline_text: str = ""
    product: str = ""
    field: str = ""
    parent: str | None = None  # the parent task's key
    partners: str = ""  # external partners, one per line
    writer: Writer | None = dc_field(default=None, repr=False, compare=False)
    # Who answers for it from when (people.cast); `person` is then the name in force.
    terms: list[Term] = dc_field(default_factory=list)

    @property
    def original_due_on(self) -> date | None:
        return self.schedule.due.due_on if self.schedule.due else None

    def person_on(self, day: date) -> str:
        """The responsible official's name (or the role written) in force on `day`."""
        if not self.terms:
            return self.person
        in_force = [t for t in self.terms if t.since <= day] or self.terms[:1]
        return in_force[-1].name


@dataclass
class Plan:
    directives: list[DirectiveSpec] = dc_field(default_factory=list)
    tasks: list[TaskSpec] = dc_field(default_factory=list)
    officials: list[Official] = dc_field(default_factory=list)  # people.cast


def _person(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return f"{rng.choice(texts.SURNAMES)} {rng.choice(texts.MALE_MIDDLE)} {rng.choice(texts.MALE_GIVEN)}"
    return f"{rng.choice(texts.SURNAMES)} {rng.choice(texts.FEMALE_MIDDLE)} {rng.choice(texts.FEMALE_GIVEN)}"


def _head_title(unit_name: str, deputy: bool) -> str:
    lowered = unit_name.split(" ")[0]
    if lowered == "Ban":
        head = "Trưởng"
    elif lowered in ("Văn", "Thanh"):
        head = "Chánh"
    else:
        head = "Giám đốc"
    return f"{'Phó ' + head if deputy else head} {unit_name}"


def _province_label(province: UnitInfo) -> str:
    return province.name if province.name.startswith("Thành phố") else f"tỉnh {province.name}"


CITY_WORDS = (
    ("UBND tỉnh", "UBND thành phố"),
    ("HĐND tỉnh", "HĐND thành phố"),
    ("Tỉnh ủy", "Thành ủy"),
    ("cấp tỉnh", "cấp thành phố"),
    ("tuyến tỉnh", "tuyến thành phố"),
    ("của tỉnh", "của thành phố"),
    ("địa bàn tỉnh", "địa bàn thành phố"),
)


class ProvinceBuilder:
    """Builds one province's tasks under every directive."""

    def __init__(
        self, rng: random.Random, index: UnitIndex, province: UnitInfo, habits: Habits, today: date
    ):
        self.rng, self.index, self.province, self.habits, self.today = (
            rng,
            index,
            province,
            habits,
            today,
        )
        self.fixed = province.code == TUYEN_QUANG
        # ahead of Tuyên Quang on Plan 02 (True), behind it (False), or drawn freely (None)
        self.plan_02_ahead: bool | None = None
        self.people: dict[str, str] = {}
        self.tasks: list[TaskSpec] = []

    # --- people and units ---

    def dept(self, suffix: str) -> str:
        return f"{self.province.code}-{suffix}" if suffix else self.province.code

    def person_for(self, code: str) -> str:
        if code not in self.people:
            unit = self.index.units[code]
            name = _person(self.rng)
            if unit.kind == "province":
                title = self.rng.choice(texts.PROVINCE_TITLES)
                if unit.name.startswith("Thành phố"):
                    title = title.replace("UBND tỉnh", "UBND thành phố").replace(
                        "Tỉnh ủy", "Thành ủy"
                    )
            elif unit.kind == "commune":
                title = (
                    f"{self.rng.choice(texts.COMMUNE_TITLES)} {unit.name[0].lower()}{unit.name[1:]}"
                )
            elif unit.kind in ("central", "ministry"):
                title = (
                    texts.CENTRAL_TITLES.get(unit.code)
                    or f"{self.rng.choice(('Bộ trưởng', 'Thứ trưởng'))} {unit.name}"
                )
            else:
                title = _head_title(unit.name, self.rng.random() < 0.4)
            self.people[code] = f"{name}, {title}"
        return self.people[code]

    def localise(self, words: str) -> str:
        """A centrally-run city's texts say "thành phố" where a province's say "tỉnh"."""
        if not self.province.name.startswith("Thành phố"):
            return words
        for province_word, city_word in CITY_WORDS:
            words = words.replace(province_word, city_word)
        return words

    def clear_person(self, code: str) -> str:
        """Usually a named person; sometimes (more often in weaker provinces) nobody."""
        person = self.person_for(code)
        return "" if self.rng.random() < 0.03 + 0.1 * (1 - self.habits.perf) else person

    def product(self, key: str) -> str:
        return (
            ""
            if self.rng.random() < 0.03 + 0.08 * (1 - self.habits.perf)
            else self.localise(texts.PRODUCTS[key][0])
        )

    # --- classes ---

    def draw_class(self, past_share: float, cancellable: bool = False) -> tuple[str, bool]:
        """A class as of the reference day, and whether the deadline falls before it."""
        rng, p = self.rng, self.habits.perf
        if cancellable and rng.random() < 0.015:
            return CANCELLED, True
        if rng.random() < past_share:
            if rng.random() < 0.5 + 0.45 * p:
                return (DONE_ON_TIME if rng.random() < 0.5 + 0.48 * p else DONE_LATE), True
            return (EXTENDED if rng.random() < 0.35 else OVERDUE), True
        return (DONE_ON_TIME if rng.random() < 0.1 + 0.45 * p else ON_TRACK), False

    def deadline(
        self, target: str, past: bool, assigned_on: date, window: tuple[date, date]
    ) -> DeadlineOption:
        lo, hi = window
        if target in (DONE_LATE, EXTENDED, OVERDUE, CANCELLED) or past:
            option = pick_deadline(
                self.rng,
                max(lo, assigned_on + timedelta(days=20)),
                REFERENCE_DAY - timedelta(days=8),
            )
            if option is not None or target in (DONE_LATE, EXTENDED, OVERDUE):
                assert option is not None, f"no deadline before the reference day for {target}"
                return option
        option = pick_deadline(
            self.rng, max(lo, REFERENCE_DAY, assigned_on + timedelta(days=20)), hi
        )
        assert option is not None
        return option

    # --- tasks ---

    def add(
        self,
        directive: DirectiveSpec,
        text: texts.TaskText,
        *,
        reference: str,
        assigned_on: date,
        window: tuple[date, date],
        target: str | None = None,
        past_share: float = 0.5,
        lead: str | None = None,
        parent: TaskSpec | None = None,
        recurring: tuple[str, str] | None = None,
        no_deadline: bool = False,
    ) -> TaskSpec:
        rng = self.rng
        lead_code = lead or self.dept(text.lead)
        target, schedule, deadline_text = self._schedule(
            directive,
            assigned_on=assigned_on,
            window=window,
            target=target,
            past_share=past_share,
            recurring=recurring,
            no_deadline=no_deadline,
        )
        key_product = text.product
        org = {"SGDDT": "SGDĐT", "VPUBND": "UBND", "": "UBND"}.get(text.lead, text.lead)
        writer = Writer(key_product, org, self.habits)
        plan_before(
            rng,
            schedule,
            target,
            writer,
            self.habits,
            may_return=rng.random() < 0.12,
            awaiting=rng.random() < 0.1,
        )
        coordinating = tuple(self.dept(c) for c in text.coordinating if self.dept(c) != lead_code)
        task = TaskSpec(
            key=f"{directive.symbol}|{lead_code}|{reference}",
            directive=directive.symbol,
            reference=reference,
            content=self.localise(text.content),
            lead=lead_code,
            assigned_by=parent.lead if parent else directive.issuer,
            assigned_on=assigned_on,
            schedule=schedule,
            coordinating=coordinating,
            person=self.clear_person(lead_code),
            deadline_text=deadline_text,
            product=self.product(key_product),
            field=text.field,
            parent=parent.key if parent else None,
            partners=partners_for(text.content),
            writer=writer,
        )
        self.tasks.append(task)
        return task

    def _schedule(
        self,
        directive: DirectiveSpec,
        *,
        assigned_on: date,
        window: tuple[date, date],
        target: str | None,
        past_share: float,
        recurring: tuple[str, str] | None,
        no_deadline: bool,
    ) -> tuple[str, Schedule, str]:
        """(the task's class as of the reference day, its schedule, its deadline as written)."""
        past = False
        if target is None:
            target, past = self.draw_class(past_share, cancellable=directive.kind == "programme")
        else:
            past = target in (DONE_LATE, EXTENDED, OVERDUE) or (
                target == DONE_ON_TIME and self.rng.random() < past_share
            )
        schedule = Schedule(
            assigned_on=assigned_on, due=None, requires_acceptance=directive.requires_acceptance
        )
        deadline_text = ""
        if recurring:
            schedule.recurring, schedule.cadence = True, recurring[1]
            deadline_text = recurring[0]
        elif no_deadline and target in (ON_TRACK, DONE_ON_TIME):
            pass  # a task without a clear deadline: the five-clear check flags it
        else:
            schedule.due = self.deadline(target, past, assigned_on, window)
            deadline_text = schedule.due.text
        return target, schedule, deadline_text


def partners_for(content: str) -> str:
    """Bodies outside the tree a task needs: telecom operators for infrastructure."""
    words = ("cáp quang", "sóng", "5G", "viễn thông", "điện thoại thông minh")
    return "\n".join(texts.TELECOM_OPERATORS) if any(w in content for w in words) else ""


def _targets(builder: ProvinceBuilder, symbol: str, count: int) -> list[str | None]:
    if builder.fixed and symbol in TUYEN_QUANG_TARGETS:
        targets: list[str | None] = list(TUYEN_QUANG_TARGETS[symbol])
        builder.rng.shuffle(targets)
        return targets
    if symbol == PLAN_02 and builder.plan_02_ahead is not None:
        return list(plan_02_classes(builder, count, builder.plan_02_ahead))
    return [None] * count


def plan_02_classes(b: ProvinceBuilder, count: int, ahead: bool) -> list[str]:
    """A province's Plan 02 classes as of the reference day, drawn as any task's, then
    moved to stand ahead of Tuyên Quang's GREEN rate (more done on time) or behind it
    (fewer: alternately done late and still on track)."""
    classes = [b.draw_class(0.7)[0] for _ in range(count)]
    green = classes.count(DONE_ON_TIME)
    if ahead:
        wanted = math.ceil(b.rng.uniform(*PLAN_02_AHEAD_GREEN) * count)
        for i, cls in enumerate(classes):
            if green >= wanted:
                break
            if cls != DONE_ON_TIME:
                classes[i], green = DONE_ON_TIME, green + 1
    else:
        most = math.floor(PLAN_02_BEHIND_GREEN * count)
        moved = 0
        for i, cls in enumerate(classes):
            if green <= most:
                break
            if cls == DONE_ON_TIME:
                classes[i] = DONE_LATE if moved % 2 == 0 else ON_TRACK
                green, moved = green - 1, moved + 1
    return classes


@dataclass
class Plan02Standing:
    """Which provinces after Tuyên Quang stand ahead of it on Plan 02: those whose drawn
    performance reaches PLAN_02_AHEAD_PERF while places remain, and every one once the
    remaining provinces are as many as the places."""

    places: int
    left: int

    def ahead(self, habits: Habits) -> bool:
        ahead = self.places > 0 and (self.places >= self.left or habits.perf >= PLAN_02_AHEAD_PERF)
        self.places -= ahead
        self.left -= 1
        return ahead


def directives() -> list[DirectiveSpec]:
    return [
        DirectiveSpec(
            RESOLUTION_57,
            "resolution",
            "TW-BCT",
            date(2024, 12, 22),
            "Nghị quyết của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo "
            "và chuyển đổi số quốc gia",
        ),
        DirectiveSpec(
            CONCLUSION_81,
            "conclusion",
            "TW-BCT",
            date(2024, 6, 4),
            "Kết luận của Bộ Chính trị về tiếp tục thực hiện Nghị quyết số 24-NQ/TW ngày 03/6/2013 của "
            "Ban Chấp hành Trung ương khóa XI về chủ động ứng phó với biến đổi khí hậu, tăng cường quản lý "
            "tài nguyên và bảo vệ môi trường",
        ),
        DirectiveSpec(
            RESOLUTION_71,
            "resolution",
            "CP",
            date(2025, 4, 1),
            "Nghị quyết của Chính phủ sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính phủ thực "
            "hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
            implements=RESOLUTION_57,
        ),
        DirectiveSpec(
            PLAN_02,
            "plan",
            "TW-BCD",
            date(2025, 6, 19),
            "Kế hoạch thúc đẩy chuyển đổi số liên thông, đồng bộ, nhanh và hiệu quả đáp ứng yêu cầu sắp xếp "
            "tổ chức bộ máy của hệ thống chính trị",
            implements=RESOLUTION_57,
        ),
        DirectiveSpec(
            NOTICE,
            "notice",
            "TW-BCD",
            NOTICE_ISSUED,
            "Thông báo kết luận của Trưởng Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới "
            "sáng tạo và chuyển đổi số tại phiên họp sơ kết việc thực hiện Nghị quyết số 57-NQ/TW",
            implements=RESOLUTION_57,
        ),
    ]


def programme_spec(rng: random.Random, province: UnitInfo) -> DirectiveSpec:
    number = rng.randint(8, 65)
    issued = date(2025, 2, 10) + timedelta(days=rng.randint(0, 45))
    label = _province_label(province)
    return DirectiveSpec(
        f"{number}-CTr/TU ({province.name})",
        "programme",
        province.code,
        issued,
        f"Chương trình hành động của Ban Chấp hành Đảng bộ {label} thực hiện Nghị quyết số 57-NQ/TW "
        "ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo "
        "và chuyển đổi số quốc gia",
        implements=RESOLUTION_57,
        requires_acceptance=True,
    )


def _habits(rng: random.Random, province: UnitInfo) -> Habits:
    if province.code == TUYEN_QUANG:  # fixed habits; one draw as for the others' performance
        rng.random()
        return Habits(perf=0.86, discipline=0.9, evidence=0.92)
    perf = round(rng.uniform(0.3, 0.97), 3)
    return Habits(
        perf=perf,
        discipline=round(min(0.97, max(0.4, perf + rng.uniform(-0.2, 0.15))), 3),
        evidence=round(min(0.98, max(0.5, perf + rng.uniform(-0.15, 0.1))), 3),
    )


def _build_province(
    b: ProvinceBuilder, specs: dict[str, DirectiveSpec], programme: DirectiveSpec
) -> None:
    """A province's tasks under every directive, in the order they draw from the stream."""
    _plan_02(b, specs[PLAN_02])
    _resolution_71(b, specs[RESOLUTION_71])
    _notice(b, specs[NOTICE])
    _conclusion_81(b, specs[CONCLUSION_81])
    _programme(b, programme)


def _plan_02(b: ProvinceBuilder, plan: DirectiveSpec) -> None:
    count = 25 if b.fixed else b.rng.randint(20, 30)
    chosen = b.rng.sample(texts.PLAN_02, count)
    for i, (text, target) in enumerate(zip(chosen, _targets(b, PLAN_02, count), strict=True), 1):
        b.add(
            plan,
            text,
            reference=f"III.{i}",
            assigned_on=date(2025, 6, 25),
            window=(date(2025, 7, 31), date(2025, 12, 31)),
            target=target,
            past_share=0.7,
        )


def _resolution_71(b: ProvinceBuilder, res: DirectiveSpec) -> None:
    count = 20 if b.fixed else b.rng.randint(16, 24)
    chosen = b.rng.sample(texts.RESOLUTION_71, count)
    for i, (text, target) in enumerate(
        zip(chosen, _targets(b, RESOLUTION_71, count), strict=True), 1
    ):
        b.add(
            res,
            text,
            reference=f"II.{i}",
            assigned_on=date(2025, 4, 10),
            window=(date(2025, 5, 31), date(2026, 6, 30)),
            target=target,
            past_share=0.6,
        )


def _notice(b: ProvinceBuilder, notice: DirectiveSpec) -> None:
    """The concluding notice: per-department templates and general tasks, the first ones
    assigned after the meeting, the further ones after the 30 September cut-off."""
    rng = b.rng
    pool = [
        texts.TaskText(template.format(sector=sector), product, fld, suffix)
        for suffix, sector in texts.SECTORS.items()
        for template, product, fld in texts.NOTICE_TEMPLATES
    ] + list(texts.NOTICE_GENERAL)
    first = 78 if b.fixed else rng.randint(45, 90)
    added = TUYEN_QUANG_NOTICE_ADDED if b.fixed else rng.choice((0, 0, 6, 12, 18, 24, 30))
    chosen = rng.sample(pool, first + added)
    targets = _targets(b, NOTICE, first)
    for i, text in enumerate(chosen, 1):
        if i <= first:
            b.add(
                notice,
                text,
                reference=f"{i}",
                assigned_on=NOTICE_ISSUED + timedelta(days=4),
                window=(date(2025, 9, 15), date(2026, 3, 31)),
                target=targets[i - 1],
                past_share=0.35,
            )
        else:
            b.add(
                notice,
                text,
                reference=f"{i}",
                assigned_on=NOTICE_ADDED,
                window=(date(2025, 10, 31), date(2026, 6, 30)),
                target=ON_TRACK if b.fixed else None,
                past_share=0.0,
            )


def _conclusion_81(b: ProvinceBuilder, conclusion: DirectiveSpec) -> None:
    chosen = b.rng.sample(texts.PROVINCE_81, b.rng.randint(4, len(texts.PROVINCE_81)))
    for i, text in enumerate(chosen, 1):
        b.add(
            conclusion,
            text,
            reference=f"2.{i}",
            assigned_on=date(2025, 3, 20),
            window=(date(2025, 6, 30), date(2026, 12, 31)),
            past_share=0.5,
        )
    b.add(
        conclusion,
        texts.RECURRING_81,
        reference=f"2.{len(chosen) + 1}",
        assigned_on=date(2025, 3, 20),
        window=(date(2025, 6, 30), date(2026, 12, 31)),
        recurring=("Thường xuyên", "quarter"),
    )


def _programme(b: ProvinceBuilder, programme: DirectiveSpec) -> None:
    """The province's programme of action, cascaded to departments and communes, and its
    recurring tasks."""
    rng, code = b.rng, b.province.code
    communes = b.index.communes_of(code)
    wanted = [c for c in communes if code == TUYEN_QUANG and c.name == "Xã Lâm Bình"]
    others = [c for c in communes if c not in wanted]
    active = wanted + rng.sample(others, min(len(others), rng.randint(3, 6)))
    cascades = rng.sample(texts.PROGRAMME, rng.randint(9, len(texts.PROGRAMME)))
    if b.fixed or code == CAO_BANG:  # keep every cascade that reaches communes
        cascades = [c for c in texts.PROGRAMME if c.commune] + [
            c for c in cascades if not c.commune
        ]
    for i, cascade in enumerate(cascades, 1):
        _cascade(b, programme, i, cascade, wanted, active)
    start = programme.issued_on
    for k, (text, written, cadence) in enumerate(texts.PROGRAMME_RECURRING, len(cascades) + 1):
        b.add(
            programme,
            text,
            reference=f"{k}",
            assigned_on=start,
            window=(start, start),
            recurring=(written, cadence),
        )


def _cascade(
    b: ProvinceBuilder,
    programme: DirectiveSpec,
    i: int,
    cascade: texts.Cascade,
    wanted: list[UnitInfo],
    active: list[UnitInfo],
) -> None:
    """Programme task `i` and its sub-tasks: one per department, then (when the cascade
    reaches communes) one per commune picked among the active ones, `wanted` always."""
    rng, start = b.rng, programme.issued_on
    top = b.add(
        programme,
        cascade.top,
        reference=f"{i}",
        assigned_on=start,
        window=(date(2025, 6, 30), date(2026, 12, 31)),
        past_share=0.45,
        no_deadline=rng.random() < 0.04,
    )
    for j, (suffix, content, product) in enumerate(cascade.departments, 1):
        text = texts.TaskText(content, product, cascade.top.field, suffix)
        b.add(
            programme,
            text,
            reference=f"{i}.{j}",
            assigned_on=start + timedelta(days=rng.randint(7, 30)),
            window=(date(2025, 6, 30), date(2026, 12, 31)),
            past_share=0.5,
            parent=top,
        )
    if not cascade.commune:
        return
    content, product = cascade.commune
    n = len(cascade.departments)
    picks = wanted + rng.sample(
        active[len(wanted) :], min(len(active) - len(wanted), rng.randint(2, 4))
    )
    for k, commune in enumerate(sorted(picks, key=lambda c: c.code), 1):
        text = texts.TaskText(content, product, cascade.top.field)
        b.add(
            programme,
            text,
            reference=f"{i}.{n + k}",
            lead=commune.code,
            assigned_on=date(2025, 7, 15) + timedelta(days=rng.randint(0, 30)),
            window=(date(2025, 9, 30), date(2026, 12, 31)),
            past_share=0.4,
            parent=top,
        )


def _add_2026(b: ProvinceBuilder, programme: DirectiveSpec) -> None:
    """The tasks a province added to its programme in 2026 (and, in Tuyên Quang, to Xã
    Lâm Bình). Drawn from the province's own stream (after the reference day), kept only
    once assigned by `today`."""
    rng = b.rng
    assigned_on = date(2026, 1, 12) + timedelta(days=rng.randint(0, 50))
    chosen = rng.sample(texts.PROGRAMME_2026, rng.randint(4, 8))
    for i, text in enumerate(chosen, 1):
        due = pick_deadline(rng, assigned_on + timedelta(days=60), date(2027, 6, 30))
        _add_2026_task(b, programme, text, b.dept(text.lead), f"B.{i}", assigned_on, due)
    lam_binh = [c for c in b.index.communes_of(b.province.code) if c.name == "Xã Lâm Bình"]
    if b.fixed and lam_binh:  # drawn after the province's: its tasks are unchanged
        windows = (
            (date(2026, 4, 30), date(2026, 6, 30)),
            (date(2026, 7, 31), date(2026, 10, 31)),
            (date(2027, 1, 31), date(2027, 6, 30)),
        )
        for k, (text, (lo, hi)) in enumerate(zip(texts.COMMUNE_2026, windows, strict=True), 1):
            due = pick_deadline(rng, lo, hi)
            reference = f"B.{len(chosen) + k}"
            _add_2026_task(b, programme, text, lam_binh[0].code, reference, assigned_on, due)


def _add_2026_task(
    b: ProvinceBuilder,
    programme: DirectiveSpec,
    text: texts.TaskText,
    lead: str,
    reference: str,
    assigned_on: date,
    due: DeadlineOption | None,
) -> None:
    assert due is not None
    task = TaskSpec(
        key=f"{programme.symbol}|{lead}|{reference}",
        directive=programme.symbol,
        reference=reference,
        content=b.localise(text.content),
        lead=lead,
        assigned_by=programme.issuer,
        assigned_on=assigned_on,
        schedule=Schedule(
            assigned_on=assigned_on, due=due, requires_acceptance=programme.requires_acceptance
        ),
        coordinating=tuple(b.dept(c) for c in text.coordinating),
        person=b.clear_person(lead),
        deadline_text=due.text,
        product=b.product(text.product),
        field=text.field,
        partners=partners_for(text.content),
        writer=Writer(text.product, text.lead, b.habits),
    )
    if assigned_on <= b.today:
        b.tasks.append(task)


def build_plan(index: UnitIndex, today: date) -> Plan:
    """Every directive and task of the demo with its history up to `today`."""
    rng = random.Random(SEED)  # noqa: S311 - seeded on purpose: a reproducible dataset
    plan = Plan(directives=directives())
    specs = {d.symbol: d for d in plan.directives}
    central_habits = Habits(perf=0.8, discipline=0.85, evidence=0.9)
    for symbol, rows, assigned_on in (
        (RESOLUTION_57, texts.CENTRAL_57, date(2024, 12, 22)),
        (CONCLUSION_81, texts.CENTRAL_81, date(2024, 6, 4)),
    ):
        root = ProvinceBuilder(
            rng, index, UnitInfo("TW", "Trung ương", "central", None), central_habits, today
        )
        for i, (content, product, fld, lead) in enumerate(rows, 1):
            text = texts.TaskText(content, product, fld)
            root.add(
                specs[symbol],
                text,
                reference=f"{i}",
                lead=lead,
                assigned_on=assigned_on,
                window=(assigned_on + timedelta(days=90), date(2026, 12, 31)),
                past_share=0.7,
            )
        plan.tasks += root.tasks
    provinces = index.provinces()
    codes = [p.code for p in provinces]
    first_after = codes.index(TUYEN_QUANG) + 1 if TUYEN_QUANG in codes else 0
    standing = Plan02Standing(places=PLAN_02_AHEAD, left=len(provinces) - first_after)
    for n, province in enumerate(provinces):
        programme = programme_spec(rng, province)
        plan.directives.append(programme)
        builder = ProvinceBuilder(rng, index, province, _habits(rng, province), today)
        if 0 < first_after <= n:
            builder.plan_02_ahead = standing.ahead(builder.habits)
        _build_province(builder, specs, programme)
        stream_2026 = random.Random(f"{SEED}:2026:{province.code}")  # noqa: S311
        later = ProvinceBuilder(stream_2026, index, province, builder.habits, today)
        later.people = builder.people
        _add_2026(later, programme)
        plan.tasks += builder.tasks + later.tasks
    for task in plan.tasks:  # after every draw of the seeded stream: the part after 2025-10-20
        after = random.Random(f"{SEED}:{task.key}")  # noqa: S311
        assert task.writer is not None
        plan_after(after, task.schedule, task.writer, task.writer.habits, today)
    from .people import cast  # people.py reads the plan's types: imported here, not above

    cast(plan, index, today)  # officials and who answers for each task, from their own streams
    return plan


def checksum(plan: Plan, until: date = REFERENCE_DAY) -> str:
    """A digest of every task assigned and every history row written up to `until`."""
    return digest_lines(canonical_lines(plan, until))


def digest_lines(lines: list[str]) -> str:
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def canonical_lines(plan: Plan, until: date) -> list[str]:
    lines = []
    for t in plan.tasks:
        if t.assigned_on > until:
            continue
        lines.append(_task_line(t, until))
        lines += _update_lines(t, until)
        lines += _extension_lines(t, until)
    return lines


def _line(*values: object) -> str:
    return "|".join(str(v) for v in values)


def _task_line(t: TaskSpec, until: date) -> str:
    return _line(
        "task",
        t.directive,
        t.reference,
        t.lead,
        t.content,
        t.assigned_on,
        t.original_due_on,
        t.deadline_text,
        t.schedule.recurring,
        t.person_on(until),
        t.product,
        t.field,
    )


def _update_lines(t: TaskSpec, until: date) -> list[str]:
    lines = []
    for e, row in replay(t.schedule).rows:
        if e.on > until:
            continue
        lines.append(
            _line(
                "update",
                t.directive,
                t.reference,
                t.lead,
                row.kind,
                row.reported_on,
                row.state,
                row.percent,
                row.completed_on,
                row.accepted_on,
                row.counted_completed_on,
                row.recorded_at.astimezone(UTC).isoformat(),
                e.product_symbol,
            )
        )
    return lines


def _extension_lines(t: TaskSpec, until: date) -> list[str]:
    return [
        _line(
            "extension",
            t.directive,
            t.reference,
            t.lead,
            x.requested_on,
            x.new_due_on,
            x.approved and x.decided_on is not None,
            x.decided_on,
        )
        for x in t.schedule.extensions
        if x.requested_on <= until and (x.decided_on is None or x.decided_on <= until)
    ]
