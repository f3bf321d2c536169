"""Reads of meetings, each scoped to the user: a meeting is seen by whoever holds a role
covering its committee (a role on the committee or on its province, or above); one the
user may not see is not found, like one that does not exist; managing it (its conclusions)
needs a manager's role there (403 otherwise)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from steerco.units.models import Unit, UnitKind, path_upper_bound
from steerco.units.permissions import (
    Action,
    UserLike,
    granted_kinds,
    granted_paths,
    grants,
    may_on_unit,
)

from .models import CommitteeMember, Meeting


def visible_meetings_q(user: UserLike) -> Q:
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    q = Q(pk__in=[])
    for path, _level in grants(user):
        q |= Q(committee__path__gte=path, committee__path__lt=path_upper_bound(path))
    return q


#: The kinds of unit at which a committee sits or which hold one below them: a province's
#: committee is under the province, the central one (TW-BCD) at the central level.
MEETING_KINDS = frozenset({UnitKind.COMMITTEE, UnitKind.PROVINCE, UnitKind.CENTRAL})


def may_list_meetings(user: UserLike) -> bool:
    """Whether the meetings' list is for this user: a role on a committee, a province or a
    central body (a department's or a commune's roles cover no committee). The list page
    and the menu's entry both ask this; read from the roles, it costs no query."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(kind in MEETING_KINDS for kind in granted_kinds(user).values())


def meetings_for_user(user: UserLike) -> QuerySet[Meeting]:
    """The meetings the user may see, by committee, newest first."""
    return (
        Meeting.objects.filter(visible_meetings_q(user))
        .select_related("committee__parent", "notice")
        .order_by("committee__path", "-held_on", "-number", "pk")
    )


def meeting_for_user(user: UserLike, meeting_id: int, action: str = Action.VIEW) -> Meeting:
    meeting = (
        Meeting.objects.select_related("committee__parent", "notice").filter(pk=meeting_id).first()
    )
    if meeting is None or not may_on_unit(user, Action.VIEW, meeting.committee):
        raise Http404(_("No such meeting."))
    if not may_on_unit(user, action, meeting.committee):
        raise PermissionDenied(_("You do not manage this committee's meetings."))
    return meeting


def committees_managed(user: UserLike) -> QuerySet[Unit]:
    """The committees whose meetings the user may record: those under a unit they manage
    (the committee itself, its province or above), by path."""
    committees = Unit.objects.filter(kind=UnitKind.COMMITTEE).order_by("path")
    if getattr(user, "is_superuser", False) and user.is_active:
        return committees
    q = Q(pk__in=[])
    for path in granted_paths(user, Action.MANAGE):
        q |= Q(path__gte=path, path__lt=path_upper_bound(path))
    return committees.filter(q)


def committee_members(committees: QuerySet[Unit] | list[Unit]) -> QuerySet[CommitteeMember]:
    """The members of these committees, by committee then their order, with their accounts."""
    return (
        CommitteeMember.objects.filter(committee__in=committees)
        .select_related("user", "committee")
        .order_by("committee__path", "order", "pk")
    )


def attendance_of(meeting: Meeting) -> tuple[list[CommitteeMember], list[CommitteeMember]]:
    """The meeting's members present and absent, each in the committee's order."""
    present: list[CommitteeMember] = []
    absent: list[CommitteeMember] = []
    for a in meeting.attendance.select_related("member__user").order_by(
        "member__order", "member__pk"
    ):
        (present if a.present else absent).append(a.member)
    return present, absent
