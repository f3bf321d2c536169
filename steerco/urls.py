from django.contrib import admin
from django.urls import include, path, re_path

from steerco.api.problems import no_such_route
from steerco.api.v1 import api as api_v1
from steerco.web.views import health, signin

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", signin.SignInView.as_view(), name="login"),  # says if 2FA is off
    path("accounts/", include("steerco.web.urls_signin")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", api_v1.urls),  # the REST API (issue 18): docs at /api/v1/docs
    re_path(r"^api/", no_such_route, name="api_no_such_route"),  # the rest of /api/: 404
    path("reports/", include("steerco.web.urls_reports")),
    path("intake/", include("steerco.web.urls_intake")),
    path("people/", include("steerco.web.urls_accounts")),  # account administration (issue 14)
    path("officials/", include("steerco.web.urls_person_scorecard")),  # a scorecard (issue 21)
    path("officials/", include("steerco.web.urls_officials")),  # officials' list, forms (issue 21)
    path("", include("steerco.web.urls")),
]

# A page's BadParameter (a query parameter it cannot read) is answered naming each.
handler400 = "steerco.web.views.errors.bad_request"
