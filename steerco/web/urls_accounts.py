"""/people/: account administration, in the `people` namespace (views/accounts_admin.py),
and the page a one-time link opens (views/accounts_link.py, no sign-in needed)."""

from django.urls import path

from .views import accounts_admin as admin
from .views import accounts_link

app_name = "people"

urlpatterns = [
    path("", admin.directory, name="directory"),
    path("new/", admin.account_new, name="new"),
    path("<int:account_id>/", admin.account_detail, name="account"),
    path("<int:account_id>/details/", admin.details, name="details"),
    path("<int:account_id>/roles/", admin.role_give, name="role_give"),
    path("<int:account_id>/roles/<int:membership_id>/remove/", admin.role_take, name="role_take"),
    path("<int:account_id>/deactivate/", admin.deactivate, name="deactivate"),
    path("<int:account_id>/reactivate/", admin.reactivate, name="reactivate"),
    path("<int:account_id>/password-link/", admin.password_link, name="password_link"),
    path("<int:account_id>/two-factor-reset/", admin.two_factor_reset, name="two_factor_reset"),
    path("link/<str:token>/", accounts_link.link, name="link"),
]
