"""A manager of the issuing body edits a directive after saving it and attaches its
document (issue 15, item 10); the audit trail records the change."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from steerco.audit.models import AuditEvent
from steerco.directives.models import Directive, DirectiveKind
from tests.factories import make_directive, make_task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(tree):  # type: ignore[no-untyped-def]
    return make_directive(tree.tuyen_quang, symbol="30-KH/UBND", kind=DirectiveKind.PLAN)


def _form(plan, **changes):  # type: ignore[no-untyped-def]
    return {
        "symbol": plan.symbol,
        "kind": plan.kind,
        "issued_on": plan.issued_on.isoformat(),
        "title": plan.title,
        **changes,
    }


def test_a_manager_corrects_the_kind_and_the_audit_trail_records_it(client, people, plan):
    client.force_login(people.tq_manager)
    page = client.get(f"/directives/{plan.pk}/").content.decode()
    assert f'href="/directives/{plan.pk}/edit/"' in page
    response = client.post(f"/directives/{plan.pk}/edit/", _form(plan, kind="programme"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.kind == DirectiveKind.PROGRAMME
    event = AuditEvent.objects.filter(
        object_type="directives.directive", object_id=str(plan.pk), action="changed"
    ).latest("pk")
    assert event.changes["kind"] == ["plan", "programme"]
    assert event.actor_name == "tq-manager"


def test_the_directives_document_is_attached_checked_and_served(client, people, plan):
    client.force_login(people.tq_manager)
    wrong = client.post(
        f"/directives/{plan.pk}/edit/",
        {**_form(plan), "document": SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert wrong.status_code == 200 and "document" in wrong.context["form"].errors
    done = client.post(
        f"/directives/{plan.pk}/edit/",
        {**_form(plan), "document": SimpleUploadedFile("ke-hoach-30.pdf", PDF)},
    )
    assert done.status_code == 302
    plan.refresh_from_db()
    assert plan.document_name == "ke-hoach-30.pdf"
    assert plan.document_content_type == "application/pdf"
    attached = AuditEvent.objects.filter(object_id=str(plan.pk), action="changed").latest("pk")
    assert attached.changes["document_name"] == ["", "ke-hoach-30.pdf"]
    download = client.get(f"/directives/{plan.pk}/document/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    client.force_login(people.cb_manager)  # another province's manager: not found
    assert client.get(f"/directives/{plan.pk}/document/").status_code == 404


@pytest.mark.parametrize("persona", ["tq_dept_reporter", "central_analyst"])
def test_those_who_only_see_the_directive_may_not_edit_it(client, tree, people, plan, persona):
    make_task(plan, tree.tq_skhcn)  # the department reporter sees the plan through it
    client.force_login(getattr(people, persona))
    assert (
        f"/directives/{plan.pk}/edit/" not in client.get(f"/directives/{plan.pk}/").content.decode()
    )
    response = client.post(f"/directives/{plan.pk}/edit/", _form(plan, kind="programme"))
    assert response.status_code == 403
    assert Directive.objects.get(pk=plan.pk).kind == DirectiveKind.PLAN


def test_a_directive_cannot_implement_one_implementing_it(client, people, plan, tree):
    child = make_directive(tree.tuyen_quang, symbol="31-KH/UBND", implements=plan)
    client.force_login(people.tq_manager)
    response = client.post(f"/directives/{plan.pk}/edit/", _form(plan, implements=child.pk))
    assert response.status_code == 200 and "implements" in response.context["form"].errors
