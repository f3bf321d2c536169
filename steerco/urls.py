from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("reports/", include("steerco.web.urls_reports")),
    path("intake/", include("steerco.web.urls_intake")),
    path("", include("steerco.web.urls")),
]
