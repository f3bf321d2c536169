"""/officials/: the officials of the units a user manages, and their records' forms.

Managers (and administrators) list, add and edit the officials of their units and the
units under them; anyone managing nothing gets 403, and an official of a unit the user
does not manage is not found (404). The rules are steerco.people.services'. Each row
links to the official's scorecard (/officials/<id>/scorecard/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from steerco.people.models import Person
from steerco.people.selectors import officials_in
from steerco.people.services import PersonError, person_create, person_update
from steerco.units.models import Unit
from steerco.units.permissions import Action, manages_somewhere, may_on_unit, units_with_role

from ..access import unit_by_code
from ..officials_forms import OfficialsFilter, PersonForm
from ..typing import AuthenticatedHttpRequest
from ..writes import write_turn
from .common import valid_or_400

PAGE_SIZE = 100


def _manager(request: AuthenticatedHttpRequest) -> list[Unit]:
    """The units the user manages (the roots and the units below them that the forms
    offer); 403 for a user managing none."""
    if not manages_somewhere(request.user):
        raise PermissionDenied(_("Only managers keep the list of officials."))
    return units_with_role(request.user, Action.MANAGE, depth=3)


def _roots(request: AuthenticatedHttpRequest, units: list[Unit]) -> list[Unit]:
    """The topmost of `units` (their subtrees hold every unit the user manages)."""
    return [u for u in units if not any(o.pk != u.pk and o.contains(u) for o in units)]


@require_GET
@login_required
def officials_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manager(request)
    # The filter offers provinces and departments; a commune is asked for by ?unit=CODE.
    units = units_with_role(request.user, Action.MANAGE, depth=2, communes=False)
    data = valid_or_400(OfficialsFilter(request.GET))
    within = unit_by_code(request.user, data["unit"], Action.MANAGE) if data["unit"] else None
    rows = officials_in([within] if within else _roots(request, units))
    try:
        page = Paginator(rows, PAGE_SIZE).page(data["page"] or 1)
    except EmptyPage:
        raise Http404(_("No such page.")) from None
    return render(
        request,
        "web/officials/list.html",
        {"page": page, "units": units, "within": within},
    )


def _save(
    request: AuthenticatedHttpRequest, form: PersonForm, person: Person | None
) -> Person | None:
    fields = dict(form.cleaned_data)
    fields["user"] = fields.pop("username")
    try:
        with write_turn():
            if person is None:
                return person_create(**fields)
            return person_update(person=person, **fields)
    except PersonError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        return None


@require_http_methods(["GET", "POST"])
@login_required
def official_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = _manager(request)
    initial = {}
    if request.GET.get("unit"):
        initial["unit"] = unit_by_code(request.user, request.GET["unit"], Action.MANAGE)
    form = PersonForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        person = _save(request, form, None)
        if person is not None:
            messages.success(request, _("The official is recorded."))
            return redirect(f"{reverse('officials:list')}?unit={person.unit.code}")
    return render(request, "web/officials/form.html", {"form": form, "person": None})


@require_http_methods(["GET", "POST"])
@login_required
def official_edit(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    units = _manager(request)
    person = get_object_or_404(Person.objects.select_related("unit", "user"), pk=person_id)
    if not may_on_unit(request.user, Action.MANAGE, person.unit):
        raise Http404(_("No such official."))
    initial = {
        "full_name": person.full_name,
        "position": person.position,
        "unit": person.unit,
        "username": person.user.get_username() if person.user else "",
        "active_from": person.active_from,
        "active_until": person.active_until,
    }
    form = PersonForm(request.POST or None, units=[*units, person.unit], initial=initial)
    if request.method == "POST" and form.is_valid():
        if _save(request, form, person) is not None:
            messages.success(request, _("The official's record is saved."))
            return redirect("officials:list")
    return render(request, "web/officials/form.html", {"form": form, "person": person})
