from django.urls import path

from .views import (
    account,
    audit,
    dashboard,
    directives,
    inbox,
    indicators,
    indices,
    my,
    progress,
    ranking,
    tasks,
)

app_name = "web"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("ranking/", ranking.ranking, name="ranking"),
    path("directives/new/", directives.directive_new, name="directive_new"),
    path("directives/<int:directive_id>/", directives.directive_detail, name="directive"),
    path("directives/<int:directive_id>/edit/", directives.directive_edit, name="directive_edit"),
    path(
        "directives/<int:directive_id>/document/",
        directives.directive_document,
        name="directive_document",
    ),
    path("tasks/", tasks.task_list, name="tasks"),
    path("tasks/export.xlsx", tasks.task_export, name="tasks_export"),
    path("tasks/new/", tasks.task_new, name="task_new"),
    path("tasks/<int:task_id>/", tasks.task_detail, name="task"),
    path("tasks/<int:task_id>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:task_id>/report/", progress.task_report, name="task_report"),
    path(
        "tasks/<int:task_id>/report/unchanged/",
        progress.task_report_unchanged,
        name="task_report_unchanged",
    ),
    path("tasks/<int:task_id>/accept/", progress.task_accept, name="task_accept"),
    path("tasks/<int:task_id>/return/", progress.task_return, name="task_return"),
    path("tasks/<int:task_id>/extensions/", progress.extension_new, name="extension_new"),
    path(
        "extensions/<int:extension_id>/decide/",
        progress.extension_decision,
        name="extension_decide",
    ),
    path("evidence/<int:file_id>/", progress.evidence_download, name="evidence"),
    path("my/", my.my_work, name="my"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/read/", inbox.mark_read, name="inbox_read"),
    path("inbox/preferences/", inbox.preferences, name="inbox_preferences"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("indicators/", indicators.catalogue, name="indicators"),
    path("indicators/entry/", indicators.entry, name="indicator_entry"),
    path("indicators/entry/sheet/", indicators.entry_sheet, name="indicator_sheet"),
    path(
        "indicators/entry/sheet/upload/",
        indicators.entry_sheet_upload,
        name="indicator_sheet_upload",
    ),
    path("indicators/<str:code>/", indicators.indicator_detail, name="indicator"),
    path("indices/<str:code>/", indices.index_ranking, name="index"),
    path("indices/<str:code>/<str:unit_code>/", indices.index_unit, name="index_unit"),
    path("language/", account.language_switch, name="language"),
    path("favicon.ico", account.favicon),
]
