"""A steering committee's meetings (issue 16): the list by committee, a meeting's page
(agenda, attendance, the pack's earlier notices, conclusions, the notice) and the
conclusions editor — a notice's text pasted, read into proposals by the conclusions reader
(what it could not read flagged), recorded only when confirmed. Permissions and writes are
steerco/meetings' (selectors.meeting_for_user, services)."""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steerco.meetings.documents import notice_docx
from steerco.meetings.models import ConclusionKind, MeetingStatus
from steerco.meetings.pack import notices_of
from steerco.meetings.selectors import may_list_meetings, meeting_for_user, meetings_for_user
from steerco.meetings.services import (
    MeetingError,
    conclusions_propose,
    conclusions_record,
    notice_publish,
)
from steerco.units.permissions import Action, may_on_unit

from ..forms import DayField
from ..typing import AuthenticatedHttpRequest
from .common import lang

MAX_NOTICE_CHARS = 200_000


class ConclusionsForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("The notice's text"),
        widget=forms.Textarea(attrs={"rows": 12, "class": "form-control"}),
        max_length=MAX_NOTICE_CHARS,
        help_text=gettext_lazy(
            "Paste the concluding notice; each assignment is read into a task draft for review."
        ),
    )
    action = forms.ChoiceField(
        choices=[("propose", "propose"), ("confirm", "confirm")], widget=forms.HiddenInput
    )
    keep = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: object, count: int = 0, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        keep = self.fields["keep"]
        assert isinstance(keep, forms.TypedMultipleChoiceField)
        keep.choices = [(n, str(n)) for n in range(1, count + 1)]


class NoticeForm(forms.Form):
    symbol = forms.CharField(
        label=gettext_lazy("Number and symbol"), max_length=64, help_text="45-TB/BCĐ"
    )
    issued_on = DayField(label=gettext_lazy("Date issued"))


@require_GET
@login_required
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_list_meetings(request.user):
        raise PermissionDenied(
            _("Meetings are held by steering committees; you hold no role there.")
        )
    meetings = list(meetings_for_user(request.user))
    committees = [(c, list(ms)) for c, ms in groupby(meetings, key=lambda m: m.committee)]
    return render(request, "web/meetings/list.html", {"committees": committees})


@require_GET
@login_required
def meeting_detail(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, meeting_id)
    context = {
        "meeting": meeting,
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
    if request.method == "POST" and "text" in request.POST:
        proposals = conclusions_propose(
            user=request.user, meeting=meeting, text=request.POST["text"][:MAX_NOTICE_CHARS]
        )
        form = ConclusionsForm(request.POST, count=len(proposals))
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
