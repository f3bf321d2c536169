"""The meeting pages (issue 16): the list by committee, a meeting's page and the
conclusions editor — proposals from a pasted notice, with what was not read flagged,
recorded only when confirmed."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from steerco.meetings.services import meeting_hold
from steerco.meetings.tests.conftest import (  # noqa: F401  (fixtures)
    NOTICE,
    committees,
    third_meeting,
    tuyen_quang,
)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def held(third_meeting, people, time_machine):  # noqa: F811
    time_machine.move_to(date(2025, 10, 24))
    return meeting_hold(user=people.tq_manager, meeting=third_meeting)


@pytest.mark.django_db
def test_the_list_shows_the_meetings_of_committees_the_user_holds_a_role_on(held, people):
    page = client_for(people.tq_manager).get(reverse("web:meetings"))
    assert page.status_code == 200 and "tỉnh Tuyên Quang" in page.content.decode()
    page = client_for(people.cb_manager).get(reverse("web:meetings"))
    assert "tỉnh Tuyên Quang" not in page.content.decode()


@pytest.mark.django_db
def test_pasted_notice_gives_proposals_and_nothing_is_recorded_until_confirmed(held, people):
    client = client_for(people.tq_manager)
    url = reverse("web:meeting_conclusions", args=[held.pk])
    text = NOTICE.read_text("utf-8")
    page = client.post(url, {"text": text, "action": "propose"})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="proposals"' in body and 'data-testid="problem"' in body
    assert "Hà Giang" in body  # the ward the reader would not guess is named
    assert not held.conclusions.exists()

    page = client.post(url, {"text": text, "action": "confirm", "keep": ["1", "2"]})
    assert page.status_code == 302
    assert [c.lead_unit.code for c in held.conclusions.order_by("order")] == [
        "08-SKHCN",
        "08-STC",
    ]
    page = client.get(reverse("web:meeting", args=[held.pk]))
    body = page.content.decode()
    assert "Giao Sở Tài chính chủ trì" in body and "trong tháng 11/2025" in body


@pytest.mark.django_db
def test_a_cao_bang_manager_cannot_open_nor_edit_a_tuyen_quang_meeting(held, people):
    client = client_for(people.cb_manager)
    assert client.get(reverse("web:meeting", args=[held.pk])).status_code == 404
    url = reverse("web:meeting_conclusions", args=[held.pk])
    page = client.post(
        url, {"text": "Giao Sở Tài chính chủ trì.", "action": "confirm", "keep": "1"}
    )
    assert page.status_code == 404
    assert not held.conclusions.exists()
    # a reporter of a department sees no meeting either; a viewer of the province is refused the editor
    assert (
        client_for(people.tq_dept_reporter).get(reverse("web:meeting", args=[held.pk])).status_code
        == 404
    )
    assert client_for(people.central_analyst).get(url).status_code == 403


@pytest.mark.django_db
def test_the_manager_issues_the_notice_from_the_meeting_page_and_downloads_it(held, people):
    import io

    import docx

    from steerco.directives.models import Task

    client = client_for(people.tq_manager)
    client.post(
        reverse("web:meeting_conclusions", args=[held.pk]),
        {"text": NOTICE.read_text("utf-8"), "action": "confirm", "keep": ["1", "2", "3"]},
    )
    url = reverse("web:meeting_notice", args=[held.pk])
    page = client.post(url, {"symbol": "", "issued_on": "2025-10-24"})
    assert page.status_code == 302 and not Task.objects.filter(directive__kind="notice").exists()
    page = client.post(url, {"symbol": "05-TB/BCĐ", "issued_on": "2025-10-19"})
    assert not Task.objects.filter(directive__kind="notice").exists()  # before the meeting
    page = client.post(url, {"symbol": "05-TB/BCĐ", "issued_on": "2025-10-24"})
    assert page.status_code == 302
    assert Task.objects.filter(directive__symbol="05-TB/BCĐ").count() == 3
    page = client_for(people.central_analyst).get(
        reverse("web:meeting_notice_docx", args=[held.pk])
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(page.content)).paragraphs)
    assert "THÔNG BÁO" in text and "3. Giao Văn phòng UBND tỉnh chủ trì" in text
    # a Cao Bằng manager can neither issue it nor read it
    other = client_for(people.cb_manager)
    assert other.post(url, {"symbol": "06-TB/BCĐ", "issued_on": "2025-10-24"}).status_code == 404
    assert other.get(reverse("web:meeting_notice_docx", args=[held.pk])).status_code == 404


@pytest.mark.django_db
def test_the_list_reads_as_many_queries_for_five_meetings_as_for_one(
    held,
    people,
    committees,  # noqa: F811
    django_assert_max_num_queries,
):
    from steerco.meetings.services import meeting_create

    client = client_for(people.tq_manager)
    client.get(reverse("web:meetings"))  # the session and the user's roles, warmed
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("web:meetings"))
    for number in range(4, 8):
        meeting_create(
            user=people.tq_manager,
            committee=committees[0],
            number=number,
            held_on=date(2026, number - 3, 20),
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("web:meetings"))
    assert page.content.decode().count("/meetings/") >= 5


@pytest.mark.django_db
def test_the_notice_uploaded_as_word_is_read_into_the_same_proposals(held, people):
    """Issue 16, item 2: the office may upload the notice as .docx instead of pasting it;
    its text fills the box (what is confirmed is what was shown) and gives the proposals
    the pasted text gives. A file that is not a notice is refused naming the field."""
    import io

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(people.tq_manager)
    url = reverse("web:meeting_conclusions", args=[held.pk])
    text = NOTICE.read_text("utf-8")
    pasted = client.post(url, {"text": text, "action": "propose"}).context["proposals"]
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("thong-bao.docx", buffer.getvalue())
    page = client.post(url, {"text": "", "action": "propose", "document": upload})
    assert page.status_code == 200
    uploaded = page.context["proposals"]
    assert [(p.text, p.lead) for _n, p in uploaded] == [(p.text, p.lead) for _n, p in pasted]
    assert "Giao Sở Tài chính chủ trì" in page.context["form"]["text"].value()
    bad = SimpleUploadedFile("thong-bao.docx", b"not a word file")
    refused = client.post(url, {"text": "", "action": "propose", "document": bad})
    assert "document" in refused.context["form"].errors
    assert not held.conclusions.exists()


@pytest.mark.django_db
def test_a_document_on_the_agenda_is_downloaded_from_the_meeting_page(third_meeting, people):  # noqa: F811
    """The document a unit presented under an agenda item is linked on the meeting's page
    and served as a download to whoever sees the meeting; Cao Bằng's manager gets 404."""
    from django.core.files.base import ContentFile

    from steerco.meetings.services import agenda_item_add

    item = agenda_item_add(
        user=people.tq_manager,
        meeting=third_meeting,
        title="Báo cáo tiến độ Nghị quyết 57",
        document=ContentFile(b"%PDF-1.4 bao cao", name="bao-cao-57.pdf"),
        document_name="Báo cáo 57.pdf",
    )
    url = reverse("web:meeting_agenda_document", args=[third_meeting.pk, item.pk])
    page = client_for(people.tq_manager).get(reverse("web:meeting", args=[third_meeting.pk]))
    assert url in page.content.decode() and "Báo cáo 57.pdf" in page.content.decode()
    response = client_for(people.tq_manager).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 bao cao"
    assert "attachment" in response["Content-Disposition"]
    assert client_for(people.cb_manager).get(url).status_code == 404


@pytest.mark.django_db
def test_a_manager_adds_an_agenda_item_with_its_document_on_the_meeting_page(
    third_meeting,  # noqa: F811
    people,
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(people.tq_manager)
    url = reverse("web:meeting_agenda_add", args=[third_meeting.pk])
    pdf = SimpleUploadedFile(
        "bao-cao.pdf", b"%PDF-1.4\n% bao cao\n", content_type="application/pdf"
    )
    response = client.post(
        url, {"title": "Báo cáo tiến độ", "presenting_unit": "08-SKHCN", "document": pdf}
    )
    assert response.status_code == 302
    (item,) = third_meeting.agenda.all()
    assert item.presenting_unit.code == "08-SKHCN" and item.document_name == "bao-cao.pdf"
    # A unit of another province, or a file of no accepted kind, adds nothing.
    client.post(url, {"title": "Báo cáo", "presenting_unit": "04"})
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    client.post(url, {"title": "Báo cáo", "document": bad})
    assert third_meeting.agenda.count() == 1
    assert client_for(people.cb_manager).post(url, {"title": "x"}).status_code == 404
