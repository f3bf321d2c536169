"""The demo's officials (issue 21, "done when"): the department reporter's own scorecard
reads the same figures on the page and in `steerco people scorecard --json`, the province's
manager opens it too, and the reporter cannot open a colleague's. The full unit tree and
the demo are loaded once for the module; pages are read on the web tests' day, 2025-10-20."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from steerco.people.models import Person

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

FIGURES = ("responsible_for", "done_on_time", "done_late", "on_track", "overdue", "cancelled")


def _tile(html: str, name: str) -> int:
    value = html.split(f'data-testid="tile-{name}">', 1)[1].split("<", 1)[0]
    return int(value.replace(".", ""))


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_reporters_own_scorecard_reads_the_same_on_the_page_and_in_the_command(demo_dataset):
    own = Person.objects.get(user__username="tq-skhcn")
    url = reverse("officials_scorecard:scorecard", kwargs={"person_id": own.pk})
    out = StringIO()
    call_command(
        "people", "scorecard", "--person", str(own.pk), "--year", "2025", "--json", stdout=out
    )
    counts = json.loads(out.getvalue())["counts"]
    assert counts["responsible_for"] > 0
    for username in ("tq-skhcn", "tq-manager"):
        html = _client(username).get(url, {"year": 2025}).content.decode()
        assert {n: _tile(html, n) for n in FIGURES} == {n: counts[n] for n in FIGURES}, username


def test_the_reporter_cannot_open_a_colleagues_scorecard(demo_dataset):
    own = Person.objects.get(user__username="tq-skhcn")
    colleague = Person.objects.filter(unit=own.unit).exclude(pk=own.pk).first()
    assert colleague is not None
    url = reverse("officials_scorecard:scorecard", kwargs={"person_id": colleague.pk})
    assert _client("tq-skhcn").get(url).status_code == 404
    assert _client("tq-manager").get(url).status_code == 200
    assert _client("cb-manager").get(url).status_code == 404
