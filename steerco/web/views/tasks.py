from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from steerco.audit.selectors import object_history
from steerco.directives.models import Directive, Task
from steerco.directives.permissions import Action, may
from steerco.directives.services import DirectiveError, task_create, task_update
from steerco.progress.actions import task_actions
from steerco.scoring.cache import figures
from steerco.units.permissions import grants, manages_somewhere, units_with_role

from .. import selectors
from ..access import directive_param, task_for_user, task_param
from ..conditional import figures_page
from ..exports import tasks_workbook
from ..forms import (
    AcceptForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ReturnForm,
    TaskEditForm,
    TaskFilterForm,
    TaskForm,
)
from ..fragments import shared_content
from ..labels import CLASS_LABELS
from ..ratelimit import rate_limited
from ..timeline import task_timeline
from ..typing import AuthenticatedHttpRequest
from .common import as_of_or_today, directive_from, is_htmx, today, valid_or_400

PAGE_SIZE = 50
EXPORT_LIMIT = 20000


def _directive(request: AuthenticatedHttpRequest) -> Directive | None:
    # The directive is read first, on its own: an id or a symbol naming no directive the
    # user may open is 404 (common.directive_from); one they may open without a task of
    # theirs yet is accepted. The list itself is scoped to the tasks the user may view.
    return directive_from(request.user, request.GET.get("directive"))


def _filtered(
    request: AuthenticatedHttpRequest, directive: Directive | None
) -> tuple[TaskFilterForm, selectors.TaskFilters, date]:
    user = request.user
    # The unit picker offers the units of the user's roles; a name (with or without
    # diacritics) or a code of any unit is read, one naming nothing is 400 naming `unit`. A
    # unit outside the user's roles is accepted (codes are public; the list still shows
    # only tasks they may view).
    units = units_with_role(user, Action.VIEW)
    params = request.GET.copy()
    params.setdefault("as_of", as_of_or_today(None).isoformat())  # shown filled in
    form = TaskFilterForm(
        params,
        directive=directive,
        units=units,
        fields=field_choices(user),
    )
    # Any other parameter the form refuses is 400 naming it: never the whole list instead.
    data = valid_or_400(form)
    filters = selectors.TaskFilters(
        directive=directive,
        unit=data["unit"],
        task_class=data["task_class"],
        due_from=data["due_from"],
        due_to=data["due_to"],
        field=data["field"],
        not_five_clear=data["not_five_clear"],
        text=data["q"].strip(),
        sort=data["sort"] or "deadline",
    )
    return form, filters, as_of_or_today(data["as_of"])


def field_choices(user: Any) -> list[str]:
    """The fields of the tasks `user` may view, for the field filter: shared through the
    figures cache by everyone who may view the same tasks (the same grants), recomputed
    after any write to the tasks (the generation), not a query over them on each page."""
    visible = (
        user.is_superuser and user.is_active,
        tuple(sorted(path for path, _level in grants(user))),
    )
    return figures("task-fields", visible, lambda: selectors.task_fields(user=user))


@require_GET
@login_required
@figures_page(_directive)  # the directive's 404 before any 304 (web/conditional.py)
def task_list(request: AuthenticatedHttpRequest, directive: Directive | None) -> HttpResponse:
    htmx = is_htmx(request)

    def content() -> str:
        form, filters, as_of = _filtered(request, directive)
        # What the count counts (led, coordinated, assigned; the cancelled left out), in
        # the query that also gives the paginator its count.
        counted = selectors.task_list_count(user=request.user, filters=filters, as_of=as_of)
        paginator = Paginator(
            selectors.task_list(user=request.user, filters=filters, as_of=as_of), PAGE_SIZE
        )
        paginator.count = counted.total
        page = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "page": page,
            "counted": counted,
            "as_of": as_of,
            "query": query.urlencode(),
            "may_create_directive": manages_somewhere(request.user),
        }
        template = "web/tasks/_results.html" if htmx else "web/tasks/_list_content.html"
        return render_to_string(template, context, request)

    # The same for everyone with the same roles: rendered once a generation (fragments.py).
    html = shared_content(request, "tasks", content)
    if htmx:
        return HttpResponse(html)
    return render(request, "web/tasks/list.html", {"content": html})


@require_GET
@login_required
@rate_limited("exports")
def task_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    _form, filters, as_of = _filtered(request, _directive(request))
    tasks = selectors.task_list(user=request.user, filters=filters, as_of=as_of)[:EXPORT_LIMIT]
    body = tasks_workbook(
        tasks, as_of=as_of, class_labels={k: str(v) for k, v in CLASS_LABELS.items()}
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="steerco-tasks-{as_of.isoformat()}.xlsx"'
    )
    return response


def _task_access(request: AuthenticatedHttpRequest, task_id: int) -> Task:
    return task_for_user(request.user, task_id)  # 404 for a task the user may not see


@require_GET
@login_required
@figures_page(_task_access)  # the task's 404 before any 304 (web/conditional.py)
def task_detail(request: AuthenticatedHttpRequest, task: Task) -> HttpResponse:
    as_of = today()
    extensions = list(
        task.extensions.select_related("requested_by", "decision__decided_by").order_by(
            "-requested_on", "-id"
        )
    )
    may_manage = may(request.user, Action.MANAGE, task)
    return render(
        request,
        "web/tasks/detail.html",
        {
            "task": task,
            "parent": selectors.visible_parent(user=request.user, task=task),
            "as_of": as_of,
            "task_class": selectors.task_class_as_of(task=task, as_of=as_of),
            # Updates and extension requests and decisions, newest first.
            "history": task_timeline(
                updates=selectors.task_history(task=task), extensions=extensions
            ),
            # Who changed the task's definition (content, units, deadline...), newest first.
            "definition_history": object_history(task),
            "extensions": extensions,
            "subtasks": selectors.visible_subtasks(user=request.user, task=task, as_of=as_of),
            "may_manage": may_manage,
            # What the task's state allows this user: the page shows, it does not decide.
            "actions": task_actions(
                task,
                extensions,
                may_report=may(request.user, Action.REPORT, task),
                may_manage=may_manage,
                today=as_of,
            ),
            "accept_form": AcceptForm(),
            "return_form": ReturnForm(),
            "extension_form": ExtensionRequestForm(),
            "decision_form": ExtensionDecisionForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    directive = directive_param(request.user, request.GET.get("directive"))
    if directive is None:
        raise Http404(_("No such directive."))
    parent = task_param(request.user, request.GET.get("parent"))
    assigner = parent.lead_unit if parent else directive.issuer
    if not may(request.user, Action.MANAGE, assigner):
        raise PermissionDenied(
            _("Only a manager of %(u)s assigns its tasks.") % {"u": assigner.name}
        )
    units = [
        u
        for u in units_with_role(request.user, Action.MANAGE, within=assigner)
        if assigner.contains(u)
    ]
    form = TaskForm(request.POST or None, units=units, initial={"assigned_on": today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            task = task_create(
                directive=directive,
                parent=parent,
                assigned_by=assigner,
                content=d["content"],
                lead_unit=form.units[d["lead_unit"]],
                assigned_on=d["assigned_on"],
                reference=d["reference"],
                coordinating_units=[form.units[pk] for pk in d["coordinating_units"]],
                responsible_person=d["responsible_person"],
                deadline_text=d["deadline_text"],
                due_on=d["due_on"],
                recurring=d["recurring"],
                cadence=d["cadence"],
                expected_product=d["expected_product"],
                field=d["field"],
                authority=d["authority"],
            )
        except DirectiveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Task created."))
            return redirect("web:task", task.pk)
    return render(
        request, "web/tasks/form.html", {"form": form, "directive": directive, "parent": parent}
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_edit(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = task_for_user(request.user, task_id, Action.MANAGE)
    units = units_with_role(request.user, Action.MANAGE, within=task.assigned_by)
    initial = {f: getattr(task, f) for f in TaskEditForm.base_fields if f != "coordinating_units"}
    initial["coordinating_units"] = [str(u.pk) for u in task.coordinating_units.all()]
    form = TaskEditForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        coordinating = [form.units[pk] for pk in d.pop("coordinating_units")]
        try:
            task_update(task=task, coordinating_units=coordinating, **d)
        except DirectiveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Task saved."))
            return redirect("web:task", task.pk)
    return render(
        request, "web/tasks/form.html", {"form": form, "task": task, "directive": task.directive}
    )
