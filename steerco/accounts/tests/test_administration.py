"""Account administration: who may give which role where, who may administer whom, and
what deactivation and a two-factor reset do."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from steerco.accounts import services
from steerco.accounts.models import OneTimeLink
from steerco.accounts.permissions import may_administer, may_give, visible_accounts_q
from steerco.accounts.two_factor import recovery_codes_issue
from steerco.units.models import Membership
from steerco.units.services import membership_grant
from tests.factories import UserFactory

User = get_user_model()


def signs_in(username: str, password: str) -> bool:
    """Whether the sign-in page lets `username` in with `password`."""
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": password})
    return "_auth_user_id" in client.session


def details(username: str, name: str = "Nguyễn Văn Bình") -> services.AccountDetails:
    return services.AccountDetails(username, name, f"{username}@example.org")


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "pw")


def official(username: str, unit, role: str = "reporter"):  # type: ignore[no-untyped-def]
    user = UserFactory(username=username, first_name=f"Cán bộ {username}")
    membership_grant(user=user, unit=unit, role=role)
    return user


def test_a_manager_of_tuyen_quang_cannot_give_a_role_on_cao_bang(tree, people):
    account = official("tq-new", tree.tq_skhcn)
    assert not may_give(people.tq_manager, tree.cao_bang, "viewer")
    with pytest.raises(services.AccountDenied):
        services.role_give(
            actor=people.tq_manager, account=account, unit=tree.cb_skhcn, role="viewer"
        )
    assert not Membership.objects.filter(user=account, unit=tree.cb_skhcn).exists()


def test_a_manager_gives_roles_up_to_manager_anywhere_in_their_province(tree, people):
    account = official("tq-new", tree.tq_skhcn)
    for unit, role in (
        (tree.lam_binh, "reporter"),
        (tree.tq_stc, "viewer"),
        (tree.tq_skhcn, "manager"),
    ):
        services.role_give(actor=people.tq_manager, account=account, unit=unit, role=role)
    assert set(Membership.objects.filter(user=account).values_list("unit__code", "role")) == {
        ("08-SKHCN", "reporter"),
        ("02233", "reporter"),
        ("08-STC", "viewer"),
        ("08-SKHCN", "manager"),
    }


def test_a_manager_cannot_make_someone_administrator(tree, people):
    account = official("tq-new", tree.tq_skhcn)
    with pytest.raises(services.AccountDenied):
        services.role_give(
            actor=people.tq_manager, account=account, unit=tree.tq_skhcn, role="admin"
        )
    with pytest.raises(services.AccountDenied):
        services.account_create(
            actor=people.tq_manager, details=details("tq-boss"), unit=tree.tuyen_quang, role="admin"
        )
    assert not User.objects.filter(username="tq-boss").exists()
    assert not Membership.objects.filter(role="admin").exists()


def test_a_department_manager_cannot_give_a_role_on_the_province_above_them(tree, people):
    dept_manager = official("skhcn-manager", tree.tq_skhcn, "manager")
    assert may_give(dept_manager, tree.tq_skhcn, "reporter")
    assert not may_give(dept_manager, tree.tuyen_quang, "viewer")
    assert not may_give(dept_manager, tree.tq_stc, "viewer")


def test_a_reporter_or_viewer_gives_no_role(tree, people):
    assert not may_give(people.tq_dept_reporter, tree.tq_skhcn, "viewer")
    assert not may_give(people.central_analyst, tree.lam_binh, "viewer")


def test_an_administrator_of_a_province_may_make_administrators_there_only(tree, people):
    tq_admin = official("tq-admin", tree.tuyen_quang, "admin")
    assert may_give(tq_admin, tree.tq_skhcn, "admin")
    assert not may_give(tq_admin, tree.cao_bang, "viewer")


def test_a_superuser_may_give_any_role_anywhere(tree, superuser):
    assert may_give(superuser, tree.root, "admin")
    assert may_give(superuser, tree.thuc_phan, "manager")


def test_a_deactivated_manager_gives_nothing(tree, people):
    people.tq_manager.is_active = False
    people.tq_manager.save()
    assert not may_give(people.tq_manager, tree.tq_skhcn, "viewer")


def test_a_manager_sees_the_accounts_of_their_subtree_only(tree, people, superuser):
    seen = set(
        User.objects.filter(visible_accounts_q(people.tq_manager)).values_list(
            "username", flat=True
        )
    )
    assert seen == {"tq-manager", "tq-skhcn", "tq-lambinh"}
    assert not User.objects.filter(visible_accounts_q(people.tq_dept_reporter)).exists()
    everyone = set(
        User.objects.filter(visible_accounts_q(superuser)).values_list("username", flat=True)
    )
    assert {"outsider", "cb-manager", "central", "root"} <= everyone


def test_a_manager_cannot_administer_an_official_who_also_holds_a_role_in_cao_bang(tree, people):
    both = official("both", tree.tq_skhcn)
    membership_grant(user=both, unit=tree.cb_skhcn, role="viewer")
    memberships = Membership.objects.filter(user=both).select_related("unit")
    assert not may_administer(people.tq_manager, both, memberships)
    with pytest.raises(services.AccountDenied):
        services.account_deactivate(actor=people.tq_manager, account=both)
    both.refresh_from_db()
    assert both.is_active


def test_a_manager_cannot_administer_a_superuser_or_a_roleless_account(tree, people, superuser):
    membership_grant(user=superuser, unit=tree.tq_skhcn, role="viewer")
    assert not may_administer(
        people.tq_manager, superuser, Membership.objects.filter(user=superuser)
    )
    assert not may_administer(people.tq_manager, people.outsider, [])
    assert may_administer(superuser, people.outsider, [])


def test_an_account_created_with_a_password_can_sign_in_at_once(tree, people):
    account, link = services.account_create(
        actor=people.tq_manager,
        details=details("tq-new"),
        unit=tree.tq_skhcn,
        role="reporter",
        password="sông Lô chảy qua Tuyên Quang",
    )
    assert link is None
    assert signs_in("tq-new", "sông Lô chảy qua Tuyên Quang")
    assert account.get_full_name() == "Nguyễn Văn Bình"


def test_an_invited_account_has_no_usable_password_and_one_link(tree, people):
    account, link = services.account_create(
        actor=people.tq_manager, details=details("tq-new"), unit=tree.tq_skhcn, role="reporter"
    )
    assert link is not None and link.purpose == "invite"
    assert not account.has_usable_password()
    assert OneTimeLink.objects.get(user=account).created_by == people.tq_manager


@pytest.mark.parametrize(
    ("username", "email", "field"),
    [
        ("tq-skhcn", "a@example.org", "username"),  # exists
        ("TQ-SKHCN", "a@example.org", "username"),  # exists, in another case
        ("có dấu cách", "a@example.org", "username"),
        ("tq-new", "not-an-address", "email"),
    ],
)
def test_a_new_account_is_refused_with_the_field_at_fault(tree, people, username, email, field):
    with pytest.raises(services.AccountError) as refused:
        services.account_create(
            actor=people.tq_manager,
            details=services.AccountDetails(username, "Tên", email),
            unit=tree.tq_skhcn,
            role="reporter",
        )
    assert refused.value.field == field


def test_a_new_password_must_pass_the_policy(tree, people):
    with pytest.raises(services.AccountError) as refused:
        services.account_create(
            actor=people.tq_manager,
            details=details("tq-new"),
            unit=tree.tq_skhcn,
            role="reporter",
            password="12345678",
        )
    assert refused.value.field == "password"
    assert not User.objects.filter(username="tq-new").exists()


def test_a_deactivated_official_is_signed_out_and_cannot_sign_in_again(tree, people):
    client = Client()
    client.post("/accounts/login/", {"username": "tq-skhcn", "password": "pw"})
    assert client.get("/my/").status_code == 200
    other = Client()
    other.force_login(people.tq_dept_reporter)
    ended = services.account_deactivate(actor=people.tq_manager, account=people.tq_dept_reporter)
    assert ended == 2
    for signed_in in (client, other):
        response = signed_in.get("/my/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not signs_in("tq-skhcn", "pw")
    # Its roles are kept (they give nothing while it is deactivated), for a reactivation.
    assert Membership.objects.filter(user=people.tq_dept_reporter).exists()
    services.account_reactivate(actor=people.tq_manager, account=people.tq_dept_reporter)
    assert signs_in("tq-skhcn", "pw")


def test_deactivation_ends_the_open_links(tree, people):
    services.password_link_issue(actor=people.tq_manager, account=people.tq_dept_reporter)
    services.account_deactivate(actor=people.tq_manager, account=people.tq_dept_reporter)
    assert not OneTimeLink.objects.open().exists()
    with pytest.raises(services.AccountError):
        services.password_link_issue(actor=people.tq_manager, account=people.tq_dept_reporter)


def test_a_manager_cannot_deactivate_themselves(tree, people):
    with pytest.raises(services.AccountError):
        services.account_deactivate(actor=people.tq_manager, account=people.tq_manager)


def test_a_two_factor_reset_removes_the_authenticator_and_the_recovery_codes(tree, people):
    account = people.tq_dept_reporter
    TOTPDevice.objects.create(user=account, name="authenticator", confirmed=True)
    recovery_codes_issue(account)
    services.two_factor_reset(actor=people.tq_manager, account=account)
    assert not TOTPDevice.objects.filter(user=account).exists()
    assert not StaticDevice.objects.filter(user=account).exists()


def test_a_cao_bang_manager_cannot_reset_a_tuyen_quang_officials_two_factors(tree, people):
    account = people.tq_dept_reporter
    TOTPDevice.objects.create(user=account, name="authenticator", confirmed=True)
    with pytest.raises(services.AccountDenied):
        services.two_factor_reset(actor=people.cb_manager, account=account)
    assert TOTPDevice.objects.filter(user=account).exists()


def test_taking_a_role_away(tree, people):
    membership = Membership.objects.get(user=people.tq_dept_reporter)
    with pytest.raises(services.AccountDenied):
        services.role_take(actor=people.cb_manager, membership=membership)
    services.role_take(actor=people.tq_manager, membership=membership)
    assert not Membership.objects.filter(user=people.tq_dept_reporter).exists()
