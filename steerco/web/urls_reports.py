"""/reports/: the meeting report page, in the `reports` namespace users' links know."""

from django.urls import path

from .views import reports

app_name = "reports"

urlpatterns = [
    path("", reports.reports, name="reports"),
]
