from django.contrib import admin
from django.http import HttpRequest

from .models import ReportingPeriod, SnapshotRow


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["kind", "year", "number", "starts_on", "ends_on", "closed_at"]
    readonly_fields = ["closed_at", "closed_by"]


@admin.register(SnapshotRow)
class SnapshotRowAdmin(admin.ModelAdmin):
    list_display = [
        "period",
        "unit",
        "directive",
        "field",
        "done_on_time",
        "done_late",
        "on_track",
        "overdue",
    ]

    def has_change_permission(self, request: HttpRequest, obj: SnapshotRow | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, obj: SnapshotRow | None = None) -> bool:
        return False
