from django.contrib import admin

from .models import TASK_CACHE_FIELDS, Directive, Task


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["symbol", "kind", "issuer", "issued_on", "implements"]
    list_filter = ["kind"]
    search_fields = ["symbol", "title"]
    raw_id_fields = ["issuer", "implements"]


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
    raw_id_fields = ["directive", "lead_unit", "assigned_by", "parent", "coordinating_units"]
    # The deadline and state move only through the progress history.
    readonly_fields = ["five_clear", *TASK_CACHE_FIELDS]
