"""/accounts/two-factor/: the second sign-in step and the enrolment of an authenticator, in
the `signin` namespace (the password page is Django's `login`, shown by SignInView)."""

from django.urls import path

from .views import signin

app_name = "signin"

urlpatterns = [
    path("two-factor/", signin.verify, name="verify"),
    path("two-factor/setup/", signin.enrol, name="enrol"),
]
