"""/officials/: the officials of the units a user manages (views/officials.py), in the
`officials` namespace. An official's scorecard, /officials/<id>/scorecard/, is in
urls_person_scorecard.py (namespace officials_scorecard)."""

from django.urls import path

from .views import officials

app_name = "officials"

urlpatterns = [
    path("", officials.officials_list, name="list"),
    path("new/", officials.official_new, name="new"),
    path("<int:person_id>/edit/", officials.official_edit, name="edit"),
]
