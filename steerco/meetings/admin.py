"""Meetings in the admin site, read only: they are recorded, held and concluded through
the services (steerco/meetings/services.py), whose rules and audit trail the admin would
bypass."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CommitteeMember, Meeting


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ["committee", "number", "held_on", "status", "notice"]
    list_filter = ["status"]
    search_fields = ["committee__code", "committee__name", "place"]
    exclude = ["pack"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ReadOnly):
    list_display = ["committee", "order", "user", "title"]
    list_filter = ["title"]
    search_fields = ["committee__code", "user__username", "user__first_name", "user__last_name"]
