"""`steerco users import`: accounts and roles from a table, all or nothing, every bad row
named by its row and column."""

import io
import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from steerco.accounts.imports import users_import
from steerco.accounts.links import LinkState, link_lookup
from steerco.accounts.models import OneTimeLink
from steerco.units.models import Membership

User = get_user_model()
HEADER = "username,full_name,email,unit,role"


def csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def snapshot() -> tuple:
    return (
        list(User.objects.order_by("pk").values_list("pk", "username", "password", "is_active")),
        list(Membership.objects.order_by("pk").values_list()),
        OneTimeLink.objects.count(),
    )


def problems(result) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(p.row, p.column) for p in result.rejected]


def test_a_users_import_with_one_unknown_unit_writes_nothing_and_names_row_3_column_unit(
    tree, people
):
    before = snapshot()
    data = csv(
        "nva,Nguyễn Văn An,an@example.org,08-SKHCN,reporter",
        "ttb,Trần Thị Bình,binh@example.org,99-NOWHERE,viewer",
        "lvc,Lê Văn Cường,cuong@example.org,02233,manager",
    )
    result = users_import(name="users.csv", data=data, commit=True)
    assert problems(result) == [(3, "unit")]
    assert result.rejected[0].value == "99-NOWHERE"
    assert "unknown unit" in result.rejected[0].message
    assert not result.committed
    assert snapshot() == before


def test_every_bad_row_is_reported_with_its_row_and_column(tree, people):
    data = csv(
        "nva,Nguyễn Văn An,an@example.org,08-SKHCN,reporter",  # 2: fine
        "ttb,Trần Thị Bình,binh@example.org,08-SKHCN,chief",  # 3: unknown role
        "lvc,Lê Văn Cường,not-an-email,02233,viewer",  # 4: malformed e-mail
        "nva,Nguyễn Văn Ân,an@example.org,02233,viewer",  # 5: same user name, other full name
        "nva,Nguyễn Văn An,an@example.org,08-SKHCN,reporter",  # 6: repeats row 2's role
        "tq-skhcn,Someone Else,x@example.org,08-STC,viewer",  # 7: existing account, other name
        "có dấu cách,Tên,a@example.org,08,viewer",  # 8: not a user name
        ",Tên,a@example.org,08,viewer",  # 9: no user name
        "pnd,,pnd@example.org,08,viewer",  # 10: no full name
    )
    before = snapshot()
    result = users_import(name="users.csv", data=data, commit=True)
    assert problems(result) == [
        (3, "role"),
        (4, "email"),
        (5, "full_name"),
        (6, "username"),
        (7, "full_name"),
        (8, "username"),
        (9, "username"),
        (10, "full_name"),
    ]
    assert all(p.sheet == "CSV" for p in result.rejected)
    assert snapshot() == before


def test_a_preview_writes_nothing_and_says_what_would_be_done(tree, people):
    before = snapshot()
    result = users_import(
        name="users.csv", data=csv("nva,Nguyễn Văn An,an@example.org,08-SKHCN,reporter")
    )
    assert not result.rejected and not result.committed
    assert (result.created, result.roles_given) == (1, 1)
    assert "preview; nothing written" in result.summary()
    assert snapshot() == before


def test_a_commit_creates_accounts_without_a_password_each_with_an_invitation(tree, people):
    data = csv(
        "nva,Nguyễn Văn An,an@example.org,08-SKHCN,reporter",
        "nva,Nguyễn Văn An,AN@example.org,02233,Viewer",  # a second role for the same official
        "ttb,Trần Thị Bình,,04,administrator",
    )
    result = users_import(name="users.csv", data=data, commit=True)
    assert not result.rejected and result.committed
    nva = User.objects.get(username="nva")
    assert nva.get_full_name() == "Nguyễn Văn An" and not nva.has_usable_password()
    assert set(Membership.objects.filter(user=nva).values_list("unit__code", "role")) == {
        ("08-SKHCN", "reporter"),
        ("02233", "viewer"),
    }
    assert Membership.objects.get(user__username="ttb").role == "admin"
    assert [link.username for link in result.links] == ["nva", "ttb"]
    assert all(link_lookup(link.token)[1] is LinkState.OPEN for link in result.links)
    assert OneTimeLink.objects.filter(created_by__isnull=True, purpose="invite").count() == 2


def test_an_existing_account_with_the_same_details_gets_the_new_roles(tree, people):
    people.tq_dept_reporter.first_name = "Hoàng Văn Sở"
    people.tq_dept_reporter.email = "so@example.org"
    people.tq_dept_reporter.save()
    data = csv(
        "tq-skhcn,Hoàng Văn Sở,so@example.org,08-SKHCN,reporter",  # already held
        "tq-skhcn,Hoàng Văn Sở,so@example.org,08-STC,viewer",
    )
    result = users_import(name="users.csv", data=data, commit=True)
    assert not result.rejected
    assert (result.created, result.roles_given, result.unchanged) == (0, 1, 1)
    assert result.links == []
    assert people.tq_dept_reporter.memberships.count() == 2


def test_a_deactivated_existing_account_is_a_problem(tree, people):
    people.tq_dept_reporter.is_active = False
    people.tq_dept_reporter.save()
    result = users_import(name="u.csv", data=csv("tq-skhcn,X,,08-STC,viewer"), commit=True)
    assert problems(result) == [(2, "username")]
    assert "deactivated" in result.rejected[0].message


def test_a_missing_column_is_named(tree):
    result = users_import(name="u.csv", data=b"username,full_name,unit\nnva,An,08\n")
    assert [(p.row, p.column) for p in result.rejected] == [(1, None)]
    assert "email, role" in result.rejected[0].message


def test_an_xlsx_file_is_read_too(tree, people):
    book = Workbook()
    sheet = book.active
    sheet.title = "Cán bộ"
    sheet.append(["Username", "Full name", "Email", "Unit", "Role"])
    sheet.append(["nva", "Nguyễn Văn An", "an@example.org", "08-SKHCN", "reporter"])
    sheet.append(["ttb", "Trần Thị Bình", "binh@example.org", 8, "viewer"])  # 8 is not "08"
    out = io.BytesIO()
    book.save(out)
    result = users_import(name="users.xlsx", data=out.getvalue())
    assert [(p.sheet, p.row, p.column) for p in result.rejected] == [("Cán bộ", 3, "unit")]


def test_the_command_previews_commits_and_prints_the_links(tree, people, tmp_path):
    path = tmp_path / "users.csv"
    path.write_bytes(csv("nva,Nguyễn Văn An,an@example.org,08-SKHCN,reporter"))
    out = StringIO()
    call_command("users", "import", str(path), stdout=out)
    assert "preview; nothing written" in out.getvalue()
    assert not User.objects.filter(username="nva").exists()
    out = StringIO()
    call_command(
        "users",
        "import",
        str(path),
        "--commit",
        "--base-url",
        "https://steerco.example",
        stdout=out,
    )
    assert "https://steerco.example/people/link/" in out.getvalue()
    assert User.objects.filter(username="nva").exists()


def test_the_command_answers_in_json_and_fails_on_a_bad_row(tree, people, tmp_path):
    path = tmp_path / "users.csv"
    path.write_bytes(
        csv(
            "nva,Nguyễn Văn An,an@example.org,08-SKHCN,reporter",
            "ttb,Trần Thị Bình,binh@example.org,99,viewer",
        )
    )
    out = StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("users", "import", str(path), "--commit", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["committed"] is False
    assert answer["rejected"] == [
        {
            "sheet": "CSV",
            "row": 3,
            "column": "unit",
            "value": "99",
            "message": "unknown unit '99': give a unit's code",
        }
    ]
    path.write_bytes(csv("nva,Nguyễn Văn An,an@example.org,08-SKHCN,reporter"))
    out = StringIO()
    call_command("users", "import", str(path), "--commit", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["committed"] and answer["accounts_created"] == 1
    assert answer["links"][0]["username"] == "nva"
    assert answer["links"][0]["url"].startswith("/people/link/")


def test_the_command_refuses_an_unreadable_file(tmp_path, db):
    path = tmp_path / "users.txt"
    path.write_text("hello")
    with pytest.raises(CommandError, match="expected a .csv or .xlsx"):
        call_command("users", "import", str(path), stdout=StringIO())
