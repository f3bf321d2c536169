from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import EvidenceFile, Extension, ExtensionDecision, ProgressUpdate


class ReadOnlyAdmin(admin.ModelAdmin):
    """Progress history is append-only: the admin shows it and never edits it."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = [
        "task",
        "kind",
        "reported_on",
        "state",
        "percent",
        "unit",
        "author",
        "recorded_at",
    ]
    list_filter = ["kind", "state"]
    search_fields = ["task__content", "done", "obstacles", "proposals", "product_symbol"]
    raw_id_fields = ["task", "unit", "author"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ["name", "size", "content_type", "update"]


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyAdmin):
    list_display = ["task", "requested_on", "previous_due_on", "new_due_on", "status", "decided_on"]
    list_filter = ["decision__status"]
    list_select_related = ["decision"]


@admin.register(ExtensionDecision)
class ExtensionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["extension", "status", "decided_on", "decided_by", "recorded_at"]
    list_filter = ["status"]
