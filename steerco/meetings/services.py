"""Writes of the meeting loop, each asked of a user who manages the committee (a manager
of the committee unit or of its province: a role covers its unit's subtree):

- `committee_member_add`: a member of the committee — a user holding a role on it — with
  their title (head, deputy head, member);
- `meeting_create` (with the members present and absent), `agenda_item_add`;
- `meeting_hold`: the meeting took place; its pack (meetings.pack) is generated and frozen;
- `conclusions_propose`: a notice's text (pasted, or a .docx/.txt file's text through
  `intake.conclusions.notice_text`) read into proposals by the conclusions reader — nothing
  is written;
- `conclusions_record`: the confirmed drafts become the meeting's conclusions (replacing
  those recorded before); each assignment is checked by the directives app's own task rules
  (`task_build`, unsaved) so that publishing cannot fail on a draft recorded here;
- `notice_publish`: a directive of kind notice (issuer the committee, implementing the
  directive discussed) whose tasks are the assignments, created through
  `directives.services` — all or nothing.

Directives and tasks are audited by the audit trail's model signals (audit.capture), as
every write through the ORM is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from steerco.directives.models import Directive, DirectiveKind
from steerco.directives.services import DirectiveError, directive_create, task_build, task_create
from steerco.intake.conclusions import Draft, notice_directory, read_conclusions
from steerco.units.models import Unit, UnitKind
from steerco.units.permissions import Action, UserLike, may_on_unit

from .models import (
    AgendaItem,
    Attendance,
    CommitteeMember,
    Conclusion,
    ConclusionKind,
    Meeting,
    MeetingStatus,
    MemberTitle,
)
from .pack import build_pack, province_of


class MeetingError(ValueError):
    """A meeting write refused; the message names what to fix, `field` the input."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class ConclusionDraft:
    """A conclusion as the office confirms it (typed, or a reader's proposal reviewed)."""

    kind: str
    text: str
    lead: Unit | None = None
    coordinating: list[Unit] = field(default_factory=list)
    deadline_text: str = ""
    due_on: date | None = None
    recurring: bool = False
    cadence: str = ""
    product: str = ""
    person: str = ""
    problems: list[str] = field(default_factory=list)  # what the reader could not read


def may_manage_meetings(user: UserLike, committee: Unit) -> bool:
    return committee.kind == UnitKind.COMMITTEE and may_on_unit(user, Action.MANAGE, committee)


def _check_manager(user: UserLike, committee: Unit) -> None:
    if committee.kind != UnitKind.COMMITTEE:
        raise MeetingError(
            _("%(unit)s is not a steering committee.") % {"unit": committee}, "committee"
        )
    if not may_on_unit(user, Action.MANAGE, committee):
        raise PermissionError(_("You do not manage this committee's meetings."))


def _lines(text: str | Iterable[str]) -> str:
    items = text.splitlines() if isinstance(text, str) else list(text)
    return "\n".join(line.strip() for line in items if line.strip())


def _in_province(committee: Unit, units: Iterable[Unit], name: str) -> list[Unit]:
    """The units, each checked to lie in the committee's province."""
    province = province_of(committee)
    found = list(units)
    for unit in found:
        if not province.contains(unit):
            raise MeetingError(
                _("%(unit)s is not a unit of %(province)s.") % {"unit": unit, "province": province},
                name,
            )
    return found


@transaction.atomic
def committee_member_add(
    *,
    user: UserLike,
    committee: Unit,
    member: Any,
    title: str = MemberTitle.MEMBER,
    order: int | None = None,
) -> CommitteeMember:
    """`member` (a user holding a role on the committee: on its unit or on one above it)
    joins the committee with `title`; numbered after the others unless `order` is given."""
    _check_manager(user, committee)
    return committee_member_seat(committee=committee, member=member, title=title, order=order)


@transaction.atomic
def committee_member_seat(
    *, committee: Unit, member: Any, title: str = MemberTitle.MEMBER, order: int | None = None
) -> CommitteeMember:
    """`committee_member_add`'s rules without a manager asking: for the command line, run by
    the operator (as `steerco users` grants roles)."""
    if committee.kind != UnitKind.COMMITTEE:
        raise MeetingError(
            _("%(unit)s is not a steering committee.") % {"unit": committee}, "committee"
        )
    if title not in MemberTitle.values:
        raise MeetingError(
            _("Unknown title %(t)s; expected one of %(all)s.")
            % {"t": title, "all": ", ".join(MemberTitle.values)},
            "title",
        )
    if not member.is_active or not may_on_unit(member, Action.VIEW, committee):
        raise MeetingError(
            _("%(user)s holds no role on %(unit)s; give them a role there first.")
            % {"user": member.get_username(), "unit": committee.name},
            "user",
        )
    if CommitteeMember.objects.filter(committee=committee, user=member).exists():
        raise MeetingError(
            _("%(user)s is already a member of this committee.") % {"user": member.get_username()},
            "user",
        )
    if order is None:
        last = (
            CommitteeMember.objects.filter(committee=committee)
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
        )
        order = (last or 0) + 1
    return CommitteeMember.objects.create(
        committee=committee, user=member, title=title, order=order
    )


def _head(members: Iterable[CommitteeMember]) -> CommitteeMember | None:
    return next((m for m in members if m.title == MemberTitle.HEAD), None)


@transaction.atomic
def meeting_create(
    *,
    user: UserLike,
    committee: Unit,
    number: int,
    held_on: date,
    place: str = "",
    chair_name: str = "",
    chair_title: str = "",
    present: str | Iterable[str] = "",
    absent: str | Iterable[str] = "",
    invited_units: Iterable[Unit] = (),
    directives: Iterable[Directive] = (),
    members_present: Iterable[CommitteeMember] = (),
    members_absent: Iterable[CommitteeMember] = (),
) -> Meeting:
    """A meeting of the committee. Its members present and absent are the committee's
    (`CommitteeMember`); `present` and `absent` are free lines for the others (guests,
    members not yet with an account). Without a chair typed, the chair is the member
    titled head (the one present, else the committee's)."""
    _check_manager(user, committee)
    if number < 1:
        raise MeetingError(_("A meeting's number is 1 or more."), "number")
    if Meeting.objects.filter(committee=committee, number=number).exists():
        raise MeetingError(
            _("This committee already has a meeting number %(n)s.") % {"n": number}, "number"
        )
    invited = _in_province(committee, invited_units, "invited_units")
    here, away = list(members_present), list(members_absent)
    for m in [*here, *away]:
        if m.committee_id != committee.pk:
            raise MeetingError(
                _("%(member)s is not a member of this committee.") % {"member": m.name},
                "members",
            )
    both = {m.pk for m in here} & {m.pk for m in away}
    if both:
        raise MeetingError(
            _("A member is either present or absent, not both."),
            "members",
        )
    if not chair_name.strip():
        head = _head(here) or _head(
            CommitteeMember.objects.filter(committee=committee).select_related("user")
        )
        if head is not None:
            chair_name = head.name
    meeting = Meeting.objects.create(
        committee=committee,
        number=number,
        held_on=held_on,
        place=place.strip(),
        chair_name=chair_name.strip(),
        chair_title=chair_title.strip(),
        present=_lines(present),
        absent=_lines(absent),
    )
    meeting.invited_units.set(invited)
    meeting.directives.set(list(directives))
    for m in here:
        Attendance.objects.create(meeting=meeting, member=m, present=True)
    for m in away:
        Attendance.objects.create(meeting=meeting, member=m, present=False)
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    user: UserLike,
    meeting: Meeting,
    title: str,
    presenting_unit: Unit | None = None,
    document: File | None = None,
    document_name: str = "",
) -> AgendaItem:
    """An item of the agenda, with the document presented (checked by the caller as
    evidence uploads are, web/uploads.py), numbered after the others."""
    _check_manager(user, meeting.committee)
    if not title.strip():
        raise MeetingError(_("An agenda item needs a title."), "title")
    if presenting_unit is not None:
        _in_province(meeting.committee, [presenting_unit], "presenting_unit")
    order = (meeting.agenda.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = AgendaItem(
        meeting=meeting, order=order, title=title.strip(), presenting_unit=presenting_unit
    )
    if document is not None:
        name = (document_name or document.name or "document").rsplit("/", 1)[-1][:255]
        item.document.save(name, document, save=False)
        item.document_name = name
    item.save()
    return item


@transaction.atomic
def meeting_hold(
    *, user: UserLike, meeting: Meeting, lang: str = "vi", layout: str = "state"
) -> Meeting:
    """The meeting took place: its pack is generated as of its date and frozen."""
    _check_manager(user, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.DRAFT:
        raise MeetingError(_("This meeting is already marked held."), "status")
    meeting.pack = build_pack(
        committee=meeting.committee, held_on=meeting.held_on, lang=lang, layout=layout
    )
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["pack", "status"])
    return meeting


def conclusions_propose(*, user: UserLike, meeting: Meeting, text: str) -> list[ConclusionDraft]:
    """The assignments the reader finds in a notice's text, as drafts to review (the units
    named in the committee's province or centrally); nothing is written."""
    _check_manager(user, meeting.committee)
    province = province_of(meeting.committee)
    drafts = read_conclusions(text, notice_directory(province), year=meeting.held_on.year)
    units = {
        u.code: u
        for u in Unit.objects.filter(
            code__in={r.code for d in drafts for r in ([d.lead] if d.lead else []) + d.coordinating}
        )
    }
    return [_proposal(d, units) for d in drafts]


def _proposal(draft: Draft, units: dict[str, Unit]) -> ConclusionDraft:
    deadline = draft.deadline
    return ConclusionDraft(
        kind=ConclusionKind.ASSIGNMENT,
        text=draft.text,
        lead=units.get(draft.lead.code) if draft.lead else None,
        coordinating=[units[u.code] for u in draft.coordinating if u.code in units],
        deadline_text=deadline.text if deadline else "",
        due_on=deadline.due_on if deadline else None,
        recurring=deadline.recurring if deadline else False,
        cadence=(deadline.cadence or "") if deadline else "",
        product=draft.product or "",
        problems=list(draft.problems),
    )


@transaction.atomic
def conclusions_record(
    *, user: UserLike, meeting: Meeting, drafts: Sequence[ConclusionDraft]
) -> list[Conclusion]:
    """The meeting's conclusions, as confirmed (those recorded before are replaced). An
    assignment is checked by the task rules it will be created with; the first problem
    is refused naming the conclusion (`conclusions.<n>.<field>`)."""
    _check_manager(user, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.NOTICE_ISSUED:
        raise MeetingError(_("The notice is issued: its conclusions are tasks now."), "status")
    probe = Directive(issuer=meeting.committee, kind=DirectiveKind.NOTICE)
    for n, d in enumerate(drafts, 1):
        where = f"conclusions.{n}"
        if d.kind not in ConclusionKind.values:
            raise MeetingError(_("Conclusion %(n)s: unknown kind.") % {"n": n}, f"{where}.kind")
        if not d.text.strip():
            raise MeetingError(_("Conclusion %(n)s has no text.") % {"n": n}, f"{where}.text")
        if d.kind == ConclusionKind.STATEMENT:
            continue
        if d.lead is None:
            raise MeetingError(
                _("Conclusion %(n)s assigns a task: it needs its lead unit.") % {"n": n},
                f"{where}.lead",
            )
        for unit in [d.lead, *d.coordinating]:
            if not _may_be_named(meeting.committee, unit):
                raise MeetingError(
                    _(
                        "Conclusion %(n)s: %(unit)s is neither a unit of %(province)s nor a central body."
                    )
                    % {"n": n, "unit": unit, "province": province_of(meeting.committee)},
                    f"{where}.lead" if unit == d.lead else f"{where}.coordinating",
                )
        try:
            task_build(**_task_fields(d, probe, meeting.held_on))
        except DirectiveError as exc:
            raise MeetingError(
                _("Conclusion %(n)s: %(problem)s") % {"n": n, "problem": exc},
                f"{where}.{exc.field}",
            ) from None
    meeting.conclusions.all().delete()
    created = []
    for n, d in enumerate(drafts, 1):
        assignment = d.kind == ConclusionKind.ASSIGNMENT
        conclusion = Conclusion.objects.create(
            meeting=meeting,
            order=n,
            kind=d.kind,
            text=d.text.strip(),
            lead_unit=d.lead if assignment else None,
            deadline_text=d.deadline_text.strip() if assignment else "",
            due_on=d.due_on if assignment else None,
            recurring=d.recurring if assignment else False,
            cadence=d.cadence if assignment else "",
            expected_product=d.product.strip() if assignment else "",
            responsible_person=d.person.strip() if assignment else "",
        )
        if assignment and d.coordinating:
            conclusion.coordinating_units.set([u for u in d.coordinating if u != d.lead])
        created.append(conclusion)
    return created


def _may_be_named(committee: Unit, unit: Unit) -> bool:
    """The units a committee's conclusion may name: those of its province, and the central
    bodies and ministries (a notice proposes to them), as the conclusions reader reads."""
    return province_of(committee).contains(unit) or unit.kind in (
        UnitKind.CENTRAL,
        UnitKind.MINISTRY,
    )


def _task_fields(d: ConclusionDraft, directive: Directive, assigned_on: date) -> dict[str, Any]:
    assert d.lead is not None
    return {
        "directive": directive,
        "content": d.text,
        "lead_unit": d.lead,
        "assigned_on": assigned_on,
        "deadline_text": d.deadline_text,
        "due_on": None if d.recurring else d.due_on,
        "recurring": d.recurring,
        "cadence": d.cadence if d.recurring else "",
        "expected_product": d.product,
        "responsible_person": d.person,
    }


def _draft_of(c: Conclusion) -> ConclusionDraft:
    return ConclusionDraft(
        kind=c.kind,
        text=c.text,
        lead=c.lead_unit,
        coordinating=list(c.coordinating_units.all()),
        deadline_text=c.deadline_text,
        due_on=c.due_on,
        recurring=c.recurring,
        cadence=c.cadence,
        product=c.expected_product,
        person=c.responsible_person,
    )


@transaction.atomic
def notice_publish(
    *,
    user: UserLike,
    meeting: Meeting,
    symbol: str,
    issued_on: date,
    title: str = "",
    implements: Directive | None = None,
) -> Directive:
    """Issue the concluding notice: a directive of kind notice whose tasks are the
    meeting's assignments (numbered by the conclusions' order), all or nothing."""
    _check_manager(user, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.DRAFT:
        raise MeetingError(_("Mark the meeting held before issuing its notice."), "status")
    if meeting.status == MeetingStatus.NOTICE_ISSUED:
        raise MeetingError(_("This meeting's notice is already issued."), "status")
    if issued_on < meeting.held_on:
        raise MeetingError(_("A notice is issued on or after the meeting's date."), "issued_on")
    discussed = list(meeting.directives.order_by("issued_on", "pk"))
    if implements is None and len(discussed) == 1:
        implements = discussed[0]
    if implements is not None and implements not in discussed:
        raise MeetingError(
            _("The notice implements one of the directives the meeting discussed."), "implements"
        )
    conclusions = list(meeting.conclusions.select_related("lead_unit").order_by("order"))
    if not any(c.kind == ConclusionKind.ASSIGNMENT for c in conclusions):
        raise MeetingError(_("The meeting has no assignment to issue."), "conclusions")
    try:
        notice = directive_create(
            symbol=symbol,
            kind=DirectiveKind.NOTICE,
            issuer=meeting.committee,
            issued_on=issued_on,
            title=title.strip() or notice_title(meeting),
            implements=implements,
        )
        for c in conclusions:
            if c.kind != ConclusionKind.ASSIGNMENT:
                continue
            d = _draft_of(c)
            c.task = task_create(
                coordinating_units=d.coordinating,
                reference=str(c.order),
                **_task_fields(d, notice, issued_on),
            )
            c.save(update_fields=["task"])
    except DirectiveError as exc:
        raise MeetingError(str(exc), exc.field) from None
    except IntegrityError:
        raise MeetingError(
            _("The notice could not be issued; nothing was saved."), "symbol"
        ) from None
    meeting.notice = notice
    meeting.status = MeetingStatus.NOTICE_ISSUED
    meeting.save(update_fields=["notice", "status"])
    return notice


def notice_title(meeting: Meeting) -> str:
    """ "Kết luận của đồng chí … Trưởng Ban Chỉ đạo tại phiên họp thứ …"."""
    chair = f"đồng chí {meeting.chair}" if meeting.chair else "đồng chí"
    title = f", {meeting.chair_title}" if meeting.chair_title else ""
    return (
        f"Kết luận của {chair}{title}, Trưởng Ban Chỉ đạo tại phiên họp thứ {meeting.number} "
        f"của {meeting.committee.name}"
    )
