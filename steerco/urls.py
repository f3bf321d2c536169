from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("reports/", include("steerco.web.urls_reports")),
    path("intake/", include("steerco.web.urls_intake")),
    path("", include("steerco.web.urls")),
]

# A page's BadParameter (a query parameter it cannot read) is answered naming each.
handler400 = "steerco.web.views.errors.bad_request"
