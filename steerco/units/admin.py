from django.contrib import admin
from django.http import HttpRequest

from .models import Membership, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "subkind", "parent"]
    list_filter = ["kind", "subkind"]
    search_fields = ["code", "name", "name_en", "short_name"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent"]

    def has_delete_permission(self, request: HttpRequest, obj: Unit | None = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name", "unit__code"]
    raw_id_fields = ["unit"]
