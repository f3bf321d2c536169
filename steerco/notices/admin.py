from django.contrib import admin

from .models import Delivery, Notice, UnitWebhook


@admin.register(UnitWebhook)
class UnitWebhookAdmin(admin.ModelAdmin):
    list_display = ["unit", "url", "active"]
    list_filter = ["active"]
    search_fields = ["unit__code", "unit__name", "url"]
    raw_id_fields = ["unit"]


class ReadOnly(admin.ModelAdmin):
    """Recorded by `steerco remind`: shown, never edited here."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnly):
    list_display = ["occasion_on", "kind", "subject", "recipient", "unit", "read_at"]
    list_filter = ["kind", "occasion_on"]
    search_fields = ["subject", "recipient__username", "unit__code"]
    list_select_related = ["recipient", "unit"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly):
    list_display = ["notice", "channel", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["channel", "status"]
    list_select_related = ["notice"]
