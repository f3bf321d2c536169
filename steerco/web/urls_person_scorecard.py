"""/officials/<id>/scorecard/: an official's scorecard and its annex (views/person_scorecard.py)."""

from django.urls import path

from .views import person_scorecard

app_name = "officials_scorecard"

urlpatterns = [
    path("<int:person_id>/scorecard/", person_scorecard.scorecard, name="scorecard"),
]
