"""/intake/: plan import and progress sheets, in the `intake` namespace users' links know."""

from django.urls import path

from .views import budget_sheets, intake

app_name = "intake"

urlpatterns = [
    path("plans/", intake.plan_upload, name="plan_upload"),
    path("plans/commit/", intake.plan_commit, name="plan_commit"),
    path("sheets/", intake.sheet_page, name="sheets"),
    path("sheets/export/<str:unit_code>/", intake.sheet_download, name="sheet_export"),
    path("sheets/commit/", intake.sheet_commit, name="sheet_commit"),
    path("sheets/rebase/", intake.sheet_rebase_download, name="sheet_rebase"),
    path("disbursements/", budget_sheets.disbursement_sheets, name="disbursements"),
    path(
        "disbursements/export/<str:unit_code>/<int:year>/",
        budget_sheets.disbursement_download,
        name="disbursement_export",
    ),
    path("disbursements/commit/", budget_sheets.disbursement_commit, name="disbursement_commit"),
]
