"""The inbox (/inbox/): the signed-in user's reminders, alerts and digests, newest first,
with links to their tasks; marking read; what the user is told and how
(/inbox/preferences/). Only the user's own notices: another's id marks nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from steerco.notices import selectors, services
from steerco.notices.models import NoticeKind, NoticePreference
from steerco.notices.texts import notice_title, task_name

from ..inbox_forms import InboxFilter, MarkRead, NoticePreferencesForm
from ..typing import AuthenticatedHttpRequest
from ..writes import write_turn
from .common import valid_or_400

PAGE_SIZE = 50


@require_http_methods(["GET"])
@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = valid_or_400(InboxFilter(request.GET))
    notices = selectors.inbox(request.user, unread_only=data["unread"])
    try:
        page = Paginator(notices, PAGE_SIZE).page(data["page"] or 1)
    except EmptyPage:
        raise Http404(_("No such page.")) from None
    items = [
        {"notice": n, "title": notice_title(n), "task_name": task_name(n.facts)}
        for n in page.object_list
    ]
    return render(
        request,
        "web/inbox/inbox.html",
        {"page": page, "items": items, "unread_only": data["unread"], "DIGEST": NoticeKind.DIGEST},
    )


@require_POST
@login_required
def mark_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MarkRead(request.POST)
    data = valid_or_400(form)
    ids = [data["notice"]] if data["notice"] else None
    with write_turn():
        services.notices_mark_read(user=request.user, ids=ids, now=timezone.now())
    target = reverse("web:inbox")
    if request.POST.get("unread"):
        target += "?unread=on"
    return HttpResponseRedirect(target)


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = NoticePreference.objects.filter(user=request.user).first()
    initial = {
        "kinds": [k for k in NoticeKind.values if not current or k not in current.muted],
        "email": current.email if current else True,
        "digest_weekday": current.digest_weekday if current else 0,
        "language": current.language if current else request.LANGUAGE_CODE,
    }
    has_email = bool(request.user.email)
    stored_email = bool(initial["email"])  # kept while the account has no address
    form = NoticePreferencesForm(
        request.POST or None,
        initial=dict(initial),
        has_email=has_email,
        reads_digest=selectors.reads_digest(request.user),
    )
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["kinds"])
        with write_turn():
            services.preference_set(
                user=request.user,
                muted=[k for k in NoticeKind.values if k not in wanted],
                email=form.cleaned_data["email"] if has_email else stored_email,
                digest_weekday=form.cleaned_data.get("digest_weekday", initial["digest_weekday"]),
                language=form.cleaned_data["language"],
            )
        messages.success(request, _("Your choices are saved."))
        return HttpResponseRedirect(reverse("web:inbox_preferences"))
    return render(
        request,
        "web/inbox/preferences.html",
        {"form": form, "has_email": has_email},
    )
