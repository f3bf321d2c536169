"""Rate limits per user on report generation and exports: 429 with a page that says so."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

pytestmark = pytest.mark.real_clock  # travels to its own minutes

T0 = datetime(2026, 3, 2, 9, 0, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_exports_are_limited_per_user_and_minute(people, settings):
    settings.STEERCO_RATE_EXPORTS_PER_MINUTE = 2
    manager, other = Client(), Client()
    manager.force_login(people.tq_manager)
    other.force_login(people.cb_manager)
    with time_machine.travel(T0, tick=False) as clock:
        assert manager.get("/tasks/export.xlsx").status_code == 200
        assert manager.get("/tasks/export.xlsx").status_code == 200
        refused = manager.get("/tasks/export.xlsx")
        assert refused.status_code == 429
        assert 'data-testid="rate-limited"' in refused.content.decode()
        assert refused["Retry-After"] == "55"
        assert other.get("/tasks/export.xlsx").status_code == 200  # each user counts alone
        clock.shift(timedelta(seconds=60))
        assert manager.get("/tasks/export.xlsx").status_code == 200


def test_report_generation_is_limited_but_not_the_form(people, settings):
    settings.STEERCO_RATE_REPORTS_PER_MINUTE = 1
    client = Client()
    client.force_login(people.tq_manager)
    query = {"unit": "08", "as_of": "2025-10-20", "format": "json", "lang": "vi", "layout": "state"}
    with time_machine.travel(T0, tick=False):
        assert client.get("/reports/").status_code == 200
        assert client.get("/reports/", query).status_code == 200
        assert client.get("/reports/").status_code == 200  # the form is not counted
        assert client.get("/reports/", query).status_code == 429


def test_zero_turns_a_limit_off(people, settings):
    settings.STEERCO_RATE_EXPORTS_PER_MINUTE = 0
    client = Client()
    client.force_login(people.tq_manager)
    for _ in range(5):
        assert client.get("/tasks/export.xlsx").status_code == 200
