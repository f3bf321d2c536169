"""Directives and tasks in the admin site, for corrections of wording.

A task's lead unit, assigning unit, deadlines, schedule and dates are read-only here: they
change through the audited pages (the task form, an extension's decision), never by a
superuser's edit in the admin. Every change made here is recorded in the audit trail
(steerco.audit) as made through the admin site.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import TASK_CACHE_FIELDS, Directive, Task

# What the admin never edits on a task: who leads and who assigned it, its deadlines and
# schedule, its dates, where it sits (directive, parent), and the cache of its history.
TASK_READ_ONLY = (
    "directive",
    "parent",
    "lead_unit",
    "assigned_by",
    "deadline_text",
    "original_due_on",
    "recurring",
    "cadence",
    "assigned_on",
    "five_clear",
    *TASK_CACHE_FIELDS,
)


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["symbol", "kind", "issuer", "issued_on", "implements"]
    list_filter = ["kind"]
    search_fields = ["symbol", "title"]
    raw_id_fields = ["issuer", "implements"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The issuing unit assigns the directive's tasks; it and the date are set once.
        return ["issuer", "issued_on"] if obj is not None else []


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = [
        "directive",
        "reference",
        "lead_unit",
        "deadline_text",
        "due_on",
        "state",
        "five_clear",
    ]
    list_filter = ["state", "recurring", "five_clear", "field", "directive"]
    search_fields = ["reference", "content", "responsible_person"]
    raw_id_fields = ["coordinating_units"]
    readonly_fields = TASK_READ_ONLY

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A task is created by the task form or a plan import (directives.services).
        return False

    def save_model(self, request: HttpRequest, obj: Task, form: Any, change: bool) -> None:
        obj.five_clear = obj.is_five_clear  # the person or product may have been edited
        super().save_model(request, obj, form, change)
