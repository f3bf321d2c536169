from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("plans/", views.plan_upload, name="plan_upload"),
    path("plans/commit/", views.plan_commit, name="plan_commit"),
    path("sheets/", views.sheet_page, name="sheets"),
    path("sheets/export/<str:unit_code>/", views.sheet_download, name="sheet_export"),
    path("sheets/commit/", views.sheet_commit, name="sheet_commit"),
    path("sheets/rebase/", views.sheet_rebase_download, name="sheet_rebase"),
]
