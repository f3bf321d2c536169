"""The account administration pages (/people/) and the one-time link page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from steerco.accounts.links import link_issue
from steerco.progress.services import progress_report
from steerco.units.models import Membership
from steerco.units.services import membership_grant
from tests.factories import UserFactory

User = get_user_model()
GOOD = "sông Lô chảy qua Tuyên Quang"


def as_user(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def signs_in(username: str, password: str) -> bool:
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": password})
    return "_auth_user_id" in client.session


def listed(response) -> set[str]:  # type: ignore[no-untyped-def]
    """The user names whose account pages the roles page links to."""
    ids = {int(i) for i in re.findall(r'href="/people/(\d+)/"', response.content.decode())}
    return set(User.objects.filter(pk__in=ids).values_list("username", flat=True))


def test_a_manager_sees_who_holds_which_role_in_their_province_only(people):
    # Not the central viewer either: a role above the province is not the manager's to show.
    assert listed(as_user(people.tq_manager).get("/people/")) == {
        "tq-manager",
        "tq-skhcn",
        "tq-lambinh",
    }
    assert listed(as_user(people.cb_manager).get("/people/")) == {"cb-manager"}


def test_the_roles_page_filters_by_unit_role_and_name(people, tree):
    people.commune_reporter.first_name = "Ma Thị Lâm"
    people.commune_reporter.save()
    client = as_user(people.tq_manager)
    assert listed(client.get("/people/", {"unit": "02233"})) == {"tq-lambinh"}
    assert listed(client.get("/people/", {"role": "manager"})) == {"tq-manager"}
    assert listed(client.get("/people/", {"q": "Lâm"})) == {"tq-lambinh"}
    assert listed(client.get("/people/", {"q": "ma thi lam"})) == {
        "tq-lambinh"
    }  # as typed on a phone
    assert listed(client.get("/people/", {"q": "LÂM"})) == {"tq-lambinh"}
    assert listed(client.get("/people/", {"q": "skhcn"})) == {"tq-skhcn"}


def test_the_roles_page_refuses_what_it_cannot_read(people):
    client = as_user(people.tq_manager)
    assert client.get("/people/", {"unit": "04"}).status_code == 403
    assert client.get("/people/", {"unit": "nowhere"}).status_code == 404
    assert client.get("/people/", {"role": "chief"}).status_code == 400
    assert client.get("/people/", {"page": "99"}).status_code == 404


def test_only_managers_have_the_people_pages_and_their_menu_entry(people):
    assert as_user(people.tq_dept_reporter).get("/people/").status_code == 403
    assert 'href="/people/"' not in as_user(people.tq_dept_reporter).get("/my/").content.decode()
    assert 'href="/people/"' in as_user(people.tq_manager).get("/my/").content.decode()


def test_the_roles_page_reads_a_fixed_number_of_queries(people, tree, django_assert_num_queries):
    client = as_user(people.tq_manager)
    client.get("/people/")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/people/").status_code == 200
        return len(captured)

    few = count()
    for n in range(30):
        membership_grant(user=UserFactory(username=f"extra-{n}"), unit=tree.lam_binh, role="viewer")
    assert count() == few


def test_another_provinces_official_is_not_found(people):
    cb = as_user(people.cb_manager)
    assert cb.get(f"/people/{people.tq_dept_reporter.pk}/").status_code == 404
    assert cb.post(f"/people/{people.tq_dept_reporter.pk}/deactivate/").status_code == 404
    assert cb.get("/people/999999/").status_code == 404


def test_an_official_also_holding_a_role_elsewhere_is_seen_but_not_administered(people, tree):
    membership_grant(user=people.tq_dept_reporter, unit=tree.cb_skhcn, role="viewer")
    client = as_user(people.tq_manager)
    page = client.get(f"/people/{people.tq_dept_reporter.pk}/").content.decode()
    assert 'data-testid="elsewhere"' in page
    assert "04-SKHCN" not in page  # Cao Bằng's role is not shown to Tuyên Quang
    assert client.post(f"/people/{people.tq_dept_reporter.pk}/deactivate/").status_code == 403
    people.tq_dept_reporter.refresh_from_db()
    assert people.tq_dept_reporter.is_active


def test_a_manager_cannot_make_someone_administrator_through_the_page(people):
    client = as_user(people.tq_manager)
    response = client.post(
        f"/people/{people.tq_dept_reporter.pk}/roles/", {"unit": "08", "role": "admin"}
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(role="admin").exists()


def test_a_manager_of_tuyen_quang_cannot_give_a_role_on_cao_bang_through_the_page(people):
    client = as_user(people.tq_manager)
    response = client.post(
        f"/people/{people.tq_dept_reporter.pk}/roles/", {"unit": "04", "role": "viewer"}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(unit__code="04", user=people.tq_dept_reporter).exists()


def test_a_manager_gives_and_takes_away_a_role(people):
    client = as_user(people.tq_manager)
    account = people.tq_dept_reporter
    response = client.post(f"/people/{account.pk}/roles/", {"unit": "02233", "role": "viewer"})
    assert response.status_code == 302
    given = Membership.objects.get(user=account, unit__code="02233")
    response = client.post(f"/people/{account.pk}/roles/{given.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=given.pk).exists()


def test_changes_need_a_post_with_the_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.tq_manager)
    account = people.tq_dept_reporter
    assert client.get(f"/people/{account.pk}/deactivate/").status_code == 405
    assert client.post(f"/people/{account.pk}/deactivate/").status_code == 403
    account.refresh_from_db()
    assert account.is_active
    page = client.get(f"/people/{account.pk}/").content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= 4  # every form on the page


def test_a_manager_invites_an_official_who_sets_a_password_through_the_link(people):
    client = as_user(people.tq_manager)
    response = client.post(
        "/people/new/",
        {
            "username": "nguyen-van-an",
            "full_name": "Nguyễn Văn An",
            "email": "an@example.org",
            "unit": "08-SKHCN",
            "role": "reporter",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    url = re.search(r'value="(http://testserver/people/link/[^"]+/)"', page).group(1)
    account = User.objects.get(username="nguyen-van-an")
    # Shown once: the account's page does not show it again.
    assert url not in client.get(f"/people/{account.pk}/").content.decode()
    invitee = Client()
    path = url.removeprefix("http://testserver")
    form = invitee.get(path)
    assert form.status_code == 200 and "nguyen-van-an" in form.content.decode()
    weak = invitee.post(path, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 400
    done = invitee.post(path, {"new_password1": GOOD, "new_password2": GOOD})
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    assert signs_in("nguyen-van-an", GOOD)
    again = invitee.get(path)
    assert again.status_code == 410
    assert (
        invitee.post(path, {"new_password1": GOOD + "!", "new_password2": GOOD + "!"}).status_code
        == 410
    )
    assert Client().get("/people/link/not-a-token/").status_code == 404


def test_a_reset_link_from_the_account_page(people):
    client = as_user(people.tq_manager)
    response = client.post(f"/people/{people.tq_dept_reporter.pk}/password-link/")
    assert response.status_code == 200
    assert "Cache-Control" in response and "no-store" in response["Cache-Control"]
    path = re.search(
        r'value="http://testserver(/people/link/[^"]+/)"', response.content.decode()
    ).group(1)
    Client().post(path, {"new_password1": GOOD, "new_password2": GOOD})
    assert signs_in("tq-skhcn", GOOD)
    assert not signs_in("tq-skhcn", "pw")


def test_a_deactivated_official_cannot_sign_in_and_their_past_update_still_shows_their_name(
    people, web
):
    official = people.tq_dept_reporter
    progress_report(
        task=web.on_track, reported_on=web.today, state="in_progress", percent=50, author=official
    )
    response = as_user(people.tq_manager).post(f"/people/{official.pk}/deactivate/")
    assert response.status_code == 302
    official.refresh_from_db()
    assert not official.is_active
    assert not signs_in("tq-skhcn", "pw")
    task_page = as_user(people.tq_manager).get(f"/tasks/{web.on_track.pk}/").content.decode()
    assert "tq-skhcn" in task_page
    inactive = as_user(people.tq_manager).get("/people/", {"status": "inactive"})
    assert listed(inactive) == {"tq-skhcn"}


def test_an_invitation_to_an_inactive_or_expired_link_is_refused_on_the_page(people):
    account = people.tq_dept_reporter
    issued = link_issue(user=account, purpose="reset", created_by=None)
    account.is_active = False
    account.save()
    assert Client().get(f"/people/link/{issued.token}/").status_code == 410


@pytest.mark.parametrize("persona", ["central_analyst", "tq_dept_reporter", "outsider"])
def test_people_without_a_manager_role_cannot_create_accounts(people, persona):
    client = as_user(getattr(people, persona))
    assert client.get("/people/new/").status_code == 403
    response = client.post(
        "/people/new/",
        {"username": "x", "full_name": "X", "unit": "08", "role": "viewer"},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="x").exists()


def test_the_link_page_is_never_cached_and_sends_its_address_to_no_other_site(people):
    issued = link_issue(user=people.tq_dept_reporter, purpose="reset", created_by=None)
    response = Client().get(f"/people/link/{issued.token}/")
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_a_manager_corrects_an_officials_name_and_email_but_not_their_user_name(people):
    account = people.tq_dept_reporter
    client = as_user(people.tq_manager)
    bad = client.post(f"/people/{account.pk}/details/", {"full_name": "", "email": "x"})
    assert bad.status_code == 400
    response = client.post(
        f"/people/{account.pk}/details/",
        {"full_name": "Hoàng Văn Sở", "email": "so@example.org", "username": "renamed"},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.username, account.get_full_name(), account.email) == (
        "tq-skhcn",
        "Hoàng Văn Sở",
        "so@example.org",
    )
    other = as_user(people.cb_manager).post(
        f"/people/{account.pk}/details/", {"full_name": "X", "email": ""}
    )
    assert other.status_code == 404


def test_a_role_is_given_on_a_unit_chosen_by_its_name_without_diacritics(people):
    """The role form's unit is the searchable picker (issue 15, item 6), not a code box:
    'xa lam binh' names Xã Lâm Bình; a name that is no unit is refused naming the field."""
    client = as_user(people.tq_manager)
    account = people.tq_dept_reporter
    page = client.get(f"/people/{account.pk}/").content.decode()
    assert "Xã Lâm Bình" in page  # offered in the picker's list
    response = client.post(
        f"/people/{account.pk}/roles/", {"unit": "xa lam binh", "role": "viewer"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=account, unit__code="02233", role="viewer").exists()
    refused = client.post(f"/people/{account.pk}/roles/", {"unit": "Xã Không Có", "role": "viewer"})
    assert refused.status_code == 400
    assert "unit" in refused.context["role_form"].errors
