"""The audit trail in the admin site: read only — nobody adds, changes or deletes an event
(the database refuses the last two anyway)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "source", "action", "object_type", "object_label"]
    list_filter = ["action", "source", "object_type", "day"]
    search_fields = ["object_label", "actor_name", "object_id"]
    date_hierarchy = "day"
    ordering = ["-id"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
