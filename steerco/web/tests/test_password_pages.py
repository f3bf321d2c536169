"""The password pages look like steerco's other pages (the screenshot pass of issue 15):
Django's reset pages showed the admin site's look ("Trang quản trị cho Django"), and the
password change form's inputs had no Bootstrap class."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

pytestmark = pytest.mark.django_db

ADMIN_LOOK = 'id="site-name"'  # the admin's header


def test_the_reset_pages_are_steercos_not_the_admin_sites(client, people):  # type: ignore[no-untyped-def]
    page = client.get("/accounts/password_reset/").content.decode()
    assert ADMIN_LOOK not in page and 'class="form-control"' in page
    people.tq_dept_reporter.email = "skhcn@example.vn"
    people.tq_dept_reporter.save()
    response = client.post("/accounts/password_reset/", {"email": "skhcn@example.vn"})
    assert response.status_code == 302 and len(mail.outbox) == 1
    assert ADMIN_LOOK not in client.get(response["Location"]).content.decode()
    user = people.tq_dept_reporter
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    response = client.get(f"/accounts/reset/{uid}/{token}/", follow=True)
    page = response.content.decode()
    assert ADMIN_LOOK not in page and page.count('class="form-control"') == 2
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "một mật khẩu dài 2026", "new_password2": "một mật khẩu dài 2026"},
        follow=True,
    )
    assert ADMIN_LOOK not in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("một mật khẩu dài 2026")
    stale = client.get(f"/accounts/reset/{uid}/{token}/", follow=True).content.decode()
    assert 'data-testid="reset-link-invalid"' in stale


def test_the_password_change_form_has_styled_inputs(client, people):  # type: ignore[no-untyped-def]
    client.force_login(people.commune_reporter)
    page = client.get("/accounts/password_change/").content.decode()
    assert page.count('type="password"') == 3
    assert page.count('class="form-control"') >= 3
