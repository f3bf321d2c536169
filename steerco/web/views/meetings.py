"""A steering committee's meetings (issue 16): the list by committee, a meeting's page
(agenda, attendance, the pack's earlier notices, conclusions, the notice) and the
conclusions editor — a notice's text pasted, read into proposals by the conclusions reader
(what it could not read flagged), recorded only when confirmed. Permissions and writes are
steerco/meetings' (selectors.meeting_for_user, services)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steerco.intake.conclusions_text import notice_text
from steerco.intake.readers import IntakeFileError
from steerco.meetings.documents import notice_docx
from steerco.meetings.models import ConclusionKind, MeetingStatus
from steerco.meetings.pack import notices_of
from steerco.meetings.selectors import (
    attendance_of,
    committees_managed,
    may_list_meetings,
    meeting_for_user,
    meetings_for_user,
)
from steerco.meetings.services import (
    MeetingError,
    agenda_item_add,
    conclusions_propose,
    conclusions_record,
    meeting_create,
    meeting_hold,
    notice_publish,
)
from steerco.units.permissions import Action, may_on_unit

from ..meeting_forms import (
    MAX_NOTICE_CHARS,
    AgendaItemForm,
    ConclusionsForm,
    MeetingForm,
    NoticeForm,
)
from ..typing import AuthenticatedHttpRequest
from .common import lang


@require_http_methods(["GET", "POST"])
@login_required
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The meetings by committee; a manager of a committee records a new one here."""
    if not may_list_meetings(request.user):
        raise PermissionDenied(
            _("Meetings are held by steering committees; you hold no role there.")
        )
    may_create = committees_managed(request.user).exists()
    if request.method == "POST" and not may_create:
        raise PermissionDenied(_("You do not manage a steering committee."))
    form = MeetingForm(request.POST or None, user=request.user) if may_create else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the meeting and its agenda, or nothing
                meeting = meeting_create(
                    user=request.user,
                    committee=data["committee"],
                    number=data["number"],
                    held_on=data["held_on"],
                    place=data["place"],
                    chair_name=data["chair_name"],
                    chair_title=data["chair_title"],
                    present=data["present"],
                    absent=data["absent"],
                    invited_units=data["invited"],
                    directives=data["found_directives"],
                    members_present=data["members_present"],
                    members_absent=data["members_absent"],
                )
                for title, unit in data["items"]:
                    agenda_item_add(
                        user=request.user, meeting=meeting, title=title, presenting_unit=unit
                    )
        except MeetingError as exc:
            field = {"title": "agenda", "presenting_unit": "agenda"}.get(exc.field or "", exc.field)
            form.add_error(field if field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Meeting no. %(n)s recorded.") % {"n": meeting.number})
            return redirect("web:meeting", meeting.pk)
    context: dict[str, object] = {"form": form, "open_form": request.method == "POST"}
    if request.GET.get("view") == "calendar":
        context |= _calendar(request)
    else:
        meetings = list(meetings_for_user(request.user))
        context["committees"] = [
            (c, list(ms)) for c, ms in groupby(meetings, key=lambda m: m.committee)
        ]
    return render(request, "web/meetings/list.html", context)


_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def _calendar(request: AuthenticatedHttpRequest) -> dict[str, object]:
    """The month's meetings (those the user may see) on a grid of its weeks, Monday first;
    `?month=YYYY-MM`, this month without it (or, told so, when it cannot be read)."""
    today = timezone.localdate()
    month = today.replace(day=1)
    given = request.GET.get("month", "").strip()
    if given:
        found = _MONTH.fullmatch(given)
        if found and 1900 <= int(found[1]) <= 2100 and 1 <= int(found[2]) <= 12:
            month = date(int(found[1]), int(found[2]), 1)
        else:
            messages.error(
                request,
                _("Month: %(given)s is not a month; give it as YYYY-MM (e.g. 2025-10).")
                % {"given": given[:20]},
            )
    last = date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
    meetings = list(meetings_for_user(request.user).filter(held_on__gte=month, held_on__lte=last))
    meetings.sort(key=lambda m: (m.held_on, m.committee.path, m.number))
    by_day: dict[date, list[object]] = {}
    for m in meetings:
        by_day.setdefault(m.held_on, []).append(m)
    weeks = [
        [(day, day.month == month.month, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    previous = (month - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return {
        "calendar": True,
        "month": month,
        "weeks": weeks,
        "days": sorted(by_day.items()),
        "weekdays": [(WEEKDAYS[n], WEEKDAYS_ABBR[n]) for n in range(7)],
        "previous_month": f"{previous:%Y-%m}",
        "next_month": f"{following:%Y-%m}",
        "today": today,
    }


@require_POST
@login_required
def meeting_held(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """Mark the meeting held: its pack is generated as of its date and frozen."""
    meeting = meeting_for_user(request.user, meeting_id, Action.MANAGE)
    try:
        meeting_hold(user=request.user, meeting=meeting, lang="en" if lang() == "en" else "vi")
    except MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The meeting is marked held; its pack is frozen."))
    return redirect("web:meeting", meeting.pk)


@require_GET
@login_required
def meeting_detail(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, meeting_id)
    members_present, members_absent = attendance_of(meeting)
    context = {
        "meeting": meeting,
        "members_present": members_present,
        "members_absent": members_absent,
        "agenda": meeting.agenda.select_related("presenting_unit"),
        "conclusions": meeting.conclusions.select_related("lead_unit", "task").prefetch_related(
            "coordinating_units"
        ),
        "invited": meeting.invited_units.order_by("path"),
        "present": meeting.present.splitlines(),
        "absent": meeting.absent.splitlines(),
        "previous_notices": notices_of(meeting.pack) if meeting.pack else None,
        "may_manage": may_on_unit(request.user, Action.MANAGE, meeting.committee),
        "notice_form": NoticeForm(initial={"issued_on": meeting.held_on}),
        "agenda_form": AgendaItemForm(committee=meeting.committee, auto_id="agenda_%s"),
        "held": MeetingStatus.HELD,
    }
    return render(request, "web/meetings/detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_conclusions(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """Paste, review the proposals, confirm the ones kept (those with a lead unit)."""
    meeting = meeting_for_user(request.user, meeting_id, Action.MANAGE)
    proposals = []
    form = ConclusionsForm(request.POST or None, count=0)
    data = request.POST.copy()
    upload = request.FILES.get("document")
    unread: str | None = None  # why an uploaded notice could not be read
    if request.method == "POST" and upload is not None:
        # A notice's file, read into the text box: what is confirmed is what was shown.
        try:
            if upload.size is None or upload.size > settings.STEERCO_IMPORT_MAX_BYTES:
                mb = settings.STEERCO_IMPORT_MAX_BYTES // 2**20
                raise IntakeFileError(_("The file is larger than %(mb)s MB.") % {"mb": mb})
            data["text"] = notice_text(upload.name or "", upload.read())[:MAX_NOTICE_CHARS]
        except IntakeFileError as exc:
            unread = str(exc)
    text = str(data.get("text") or "")
    if request.method == "POST" and text and unread is None:
        proposals = conclusions_propose(
            user=request.user, meeting=meeting, text=text[:MAX_NOTICE_CHARS]
        )
        form = ConclusionsForm(data, count=len(proposals))
    if unread is not None:
        form = ConclusionsForm(data, count=0)
        form.add_error("document", unread)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["action"] == "confirm":
        kept = set(form.cleaned_data["keep"])
        drafts = [p for n, p in enumerate(proposals, 1) if n in kept and p.lead is not None]
        try:
            if not drafts:
                raise MeetingError(_("Keep at least one proposal with its lead unit."), "keep")
            conclusions_record(user=request.user, meeting=meeting, drafts=drafts)
        except MeetingError as exc:
            form.add_error("keep" if exc.field == "keep" else None, str(exc))
        else:
            messages.success(request, _("%(n)d conclusions recorded.") % {"n": len(drafts)})
            return redirect("web:meeting", meeting.pk)
    context = {
        "meeting": meeting,
        "form": form,
        "proposals": list(enumerate(proposals, 1)),
        "assignment": ConclusionKind.ASSIGNMENT,
    }
    return render(request, "web/meetings/conclusions.html", context)


@require_POST
@login_required
def meeting_notice(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """Issue the concluding notice: a directive of kind notice whose tasks are the
    meeting's assignments (meetings.services.notice_publish, all or nothing)."""
    meeting = meeting_for_user(request.user, meeting_id, Action.MANAGE)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            notice = notice_publish(
                user=request.user,
                meeting=meeting,
                symbol=form.cleaned_data["symbol"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except MeetingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Notice %(s)s issued.") % {"s": notice.symbol})
            return redirect("web:meeting", meeting.pk)
    for error in [str(e) for errors in form.errors.values() for e in errors]:
        messages.error(request, error)
    return redirect("web:meeting", meeting.pk)


@require_POST
@login_required
def meeting_agenda_add(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """An agenda item added on the meeting's page, with the document presented."""
    meeting = meeting_for_user(request.user, meeting_id, Action.MANAGE)
    form = AgendaItemForm(request.POST, request.FILES, committee=meeting.committee)
    if form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            agenda_item_add(
                user=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                presenting_unit=form.cleaned_data["presenting_unit"],
                document=upload,
                document_name=upload.name if upload is not None else "",
            )
        except MeetingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Agenda item added."))
    for field, errors in form.errors.items():
        for error in errors:
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {error}" if label else str(error))
    return redirect("web:meeting", meeting.pk)


@require_GET
@login_required
def meeting_agenda_document(
    request: AuthenticatedHttpRequest, meeting_id: int, item_id: int
) -> FileResponse:
    """The document presented under an agenda item, for whoever may see the meeting, always
    as a download."""
    meeting = meeting_for_user(request.user, meeting_id)
    item = meeting.agenda.filter(pk=item_id).exclude(document="").first()
    if item is None:
        raise Http404(_("This agenda item has no document."))
    return FileResponse(
        item.document.open("rb"),
        as_attachment=True,
        filename=item.document_name or (item.document.name or "").rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )


@require_GET
@login_required
def meeting_notice_docx(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """The notice as a Word document (a draft, unnumbered, until issued)."""
    meeting = meeting_for_user(request.user, meeting_id)
    layout = "party" if request.GET.get("layout") == "party" else "state"
    data = notice_docx(meeting, layout=layout, lang="en" if lang() == "en" else "vi")
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="thong-bao_{meeting.pk}.docx"'
    return response
