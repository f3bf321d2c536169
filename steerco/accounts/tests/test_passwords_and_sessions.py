"""The password policy and the session lifetimes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ng4n-qua!", "password_too_short"),  # 9 characters
        ("739184562093", "password_entirely_numeric"),
        ("password1234", "password_too_common"),
        ("tq-manager-01", "password_too_similar"),
    ],
)
def test_new_passwords_refuse_short_numeric_common_and_similar(people, password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=people.tq_manager)
    assert code in [e.code for e in refused.value.error_list]


def test_a_long_uncommon_password_is_accepted(people):
    validate_password("sông Lô chảy qua Tuyên Quang", user=people.tq_manager)


def test_the_password_change_page_applies_the_policy(people):
    client = Client()
    client.force_login(people.tq_manager)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "pw", "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200  # the form again, with its errors
    people.tq_manager.refresh_from_db()
    assert people.tq_manager.check_password("pw")


def test_idle_sessions_end_after_thirty_minutes(people, settings):
    settings.STEERCO_SESSION_IDLE_MINUTES = 30
    with time_machine.travel(T0, tick=False) as clock:
        client = Client()
        client.force_login(people.central_analyst)
        assert client.get("/").status_code == 200
        for _ in range(4):  # active every 29 minutes: still signed in after two hours
            clock.shift(timedelta(minutes=29))
            assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert "_auth_user_id" not in client.session


def test_sessions_end_at_their_absolute_lifetime_however_active(people, settings):
    settings.STEERCO_SESSION_IDLE_MINUTES = 30
    settings.STEERCO_SESSION_MAX_HOURS = 12
    with time_machine.travel(T0, tick=False) as clock:
        client = Client()
        client.force_login(people.central_analyst)
        assert client.get("/").status_code == 200
        for _ in range(11 * 3):  # every 20 minutes for 11 hours
            clock.shift(timedelta(minutes=20))
            assert client.get("/my/").status_code == 200
        clock.shift(timedelta(hours=1, minutes=1))
        assert client.get("/my/").status_code == 302
