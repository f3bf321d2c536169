"""Reading a concluding notice (thông báo kết luận) into task drafts (issue 16, item 2).

The fixture is a notice of Tuyên Quang's steering committee on Resolution 57 as the
committees write them: assessments that assign nothing, assignments with their lead and
coordinating units, deadlines of every kind, a lead that names no single unit, and a
deadline no one can read — which must be named, not guessed."""

import io
import json
import time
from datetime import date
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steerco.intake.conclusions import (
    notice_directory,
    notice_text,
    read_conclusions,
)
from steerco.intake.readers import IntakeFileError
from steerco.units.models import Unit, UnitKind
from steerco.units.services import unit_create

FIXTURES = Path(__file__).parent / "fixtures"
NOTICE = FIXTURES / "thong-bao-ket-luan-57.txt"

# Tuyên Quang's departments as `steerco units load` names them (units/fixtures/departments.json).
DEPARTMENTS = [
    (row["suffix"], row["name"].format(level="tỉnh", party="Tỉnh ủy"), row["short_name"])
    for row in json.loads(
        (Path(__file__).parents[2] / "units" / "fixtures" / "departments.json").read_text("utf-8")
    )
]


@pytest.fixture
def tuyen_quang(tree):
    """Tuyên Quang's real departments, the two wards of Hà Giang and the Ministry of Science
    and Technology, on top of the small tree (which has Sở KH&CN and Sở Tài chính)."""
    for suffix, name, short in DEPARTMENTS:
        if suffix not in ("SKHCN", "STC"):
            unit_create(
                code=f"08-{suffix}",
                name=name,
                short_name=short,
                kind=UnitKind.DEPARTMENT,
                parent=tree.tuyen_quang,
            )
    for code, name in [("00694", "Phường Hà Giang 1"), ("00691", "Phường Hà Giang 2")]:
        unit_create(
            code=code, name=name, kind=UnitKind.COMMUNE, parent=tree.tuyen_quang, subkind="phường"
        )
    unit_create(
        code="BKHCN",
        name="Bộ Khoa học và Công nghệ",
        short_name="BKHCN",
        kind=UnitKind.MINISTRY,
        parent=tree.root,
    )
    return tree


def read(text, year=None):
    return read_conclusions(text, notice_directory(Unit.objects.get(code="08")), year=year)


def deadline(text, due_on=None, cadence=None, recurring=False):
    return {
        "text": text,
        "due_on": due_on.isoformat() if due_on else None,
        "recurring": recurring,
        "cadence": cadence,
    }


def recurring(text, cadence=None):
    return deadline(text, None, cadence, recurring=True)


# What the notice assigns, in its order: (the sentence's start, lead, coordinating units,
# deadline, product, what each problem must name).
EXPECTED = [
    (
        "Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ, Sở Giáo dục",
        "08-SKHCN",
        ["08-SNV", "08-SGDDT"],
        deadline("trong tháng 11/2025", date(2025, 11, 30)),
        "Kế hoạch đào tạo, phát triển nguồn nhân lực số tỉnh Tuyên Quang giai đoạn 2025 - 2030",
        [],
    ),
    (
        "Giao Sở Tài chính chủ trì, phối hợp với Sở KH&CN",
        "08-STC",
        ["08-SKHCN"],
        deadline("trước ngày 15/12/2025", date(2025, 12, 15)),
        "Quyết định phân bổ kinh phí thực hiện Nghị quyết số 57-NQ/TW năm 2026",
        [],
    ),
    (
        "Giao Văn phòng UBND tỉnh chủ trì",
        "08-VPUBND",
        ["08-SKHCN", "08-CA", "08-TTPVHCC"],
        deadline("trong Quý I/2026", date(2026, 3, 31)),
        "báo cáo kết quả",
        [],
    ),
    (
        "Đề nghị Công an tỉnh chủ trì",
        "08-CA",
        ["08-SKHCN"],
        recurring("hằng quý", "quarter"),
        None,
        ["no product"],
    ),
    (
        "Giao Sở Nội vụ chủ trì",
        "08-SNV",
        ["08-STC"],
        deadline("trong Quý IV/2025", date(2025, 12, 31)),
        "Đề án vị trí việc làm chuyên trách về chuyển đổi số tại các cơ quan, đơn vị của tỉnh",
        [],
    ),
    (
        "Giao UBND phường Hà Giang chủ trì",
        None,  # Hà Giang 1 or Hà Giang 2: not guessed
        ["08-SKHCN"],
        deadline("trong năm 2026", date(2026, 12, 31)),
        "Đề án thí điểm mô hình phường số",
        ["UBND phường Hà Giang", "Phường Hà Giang 1", "Phường Hà Giang 2"],
    ),
    (
        "Giao Sở Văn hóa, Thể thao và Du lịch chủ trì",
        "08-SVHTTDL",
        ["08-DPTTH"],
        None,  # "trước Tết Nguyên đán Bính Ngọ": no date steerco can read
        "Chương trình truyền thông về Nghị quyết số 57-NQ/TW trên các nền tảng số",
        ["cannot read “trước Tết Nguyên đán Bính Ngọ” as a deadline"],
    ),
    (
        "Tham mưu Ban Chỉ đạo ban hành Kế hoạch kiểm tra",  # under "8. Sở Khoa học và Công nghệ …:"
        "08-SKHCN",
        [],
        deadline("trong tháng 12/2025", date(2025, 12, 31)),
        "Kế hoạch kiểm tra việc thực hiện Nghị quyết số 57-NQ/TW tại các sở, ngành và UBND các xã, phường",
        [],
    ),
    (
        "Chủ trì tổng hợp, báo cáo Ban Chỉ đạo Trung ương",
        "08-SKHCN",
        [],
        recurring("định kỳ hằng tháng", "month"),
        None,
        ["no product"],
    ),
    (
        "Giao Sở KH&CN chủ trì, phối hợp với Sở Xây dựng, VNPT Tuyên Quang",
        "08-SKHCN",
        ["08-SXD"],
        deadline("trong năm 2026", date(2026, 12, 31)),
        "Kế hoạch phát triển hạ tầng viễn thông",
        ["“VNPT Tuyên Quang” is outside", "“Viettel Tuyên Quang” is outside"],
    ),
    (
        "Đề nghị các sở, ban, ngành, UBND các xã, phường tiếp tục",
        None,  # every department and commune: one task each, not one guessed
        [],
        recurring("thường xuyên"),
        None,
        ["“các sở, ban, ngành, UBND các xã, phường” names", "one lead unit", "no product"],
    ),
    (
        "Giao Sở Tư pháp chủ trì",  # the second sentence of conclusion 10
        "08-STP",
        [],
        deadline("trong tháng 12/2025", date(2025, 12, 31)),
        "văn bản quy phạm pháp luật của tỉnh không còn phù hợp",
        [],
    ),
    (
        "Giao Sở Nông nghiệp và Môi trường chủ trì",
        "08-SNNMT",
        ["08-STC"],
        deadline("trước ngày 31/12/2025", date(2025, 12, 31)),
        "Cơ sở dữ liệu đất đai của tỉnh",
        [],
    ),
    (
        "Giao Sở Giáo dục và Đào tạo, Sở Y tế chủ trì",
        None,  # two leads named
        [],
        recurring("thường xuyên"),
        "báo cáo kết quả",
        ["names 2 units (Sở Giáo dục và Đào tạo, Sở Y tế)"],
    ),
    (
        "Giao Sở Y tế chủ trì xây dựng Lộ trình",
        "08-SYT",
        [],
        None,  # a date and a monthly report: which one is the task's is not guessed
        "Lộ trình triển khai bệnh án điện tử tại các bệnh viện công lập trên địa bàn tỉnh",
        ["several deadlines are named (“trong Quý II/2026”, “hằng tháng”)"],
    ),
    (
        "Giao Văn phòng UBND tỉnh theo dõi, đôn đốc",
        "08-VPUBND",
        [],
        None,
        None,
        ["no deadline", "no product"],
    ),
    (
        "Đề nghị Bộ Khoa học và Công nghệ sớm ban hành",
        "BKHCN",
        [],
        deadline("trong Quý I/2026", date(2026, 3, 31)),
        "văn bản hướng dẫn bộ chỉ số đánh giá mức độ chuyển đổi số cấp xã",
        [],
    ),
]


def assert_reads_the_notice(drafts):
    assert [d["text"][: len(e[0])] for d, e in zip(drafts, EXPECTED, strict=False)] == [
        e[0] for e in EXPECTED
    ]
    assert len(drafts) == len(EXPECTED)
    for draft, (start, lead, coordinating, due, product, problems) in zip(
        drafts, EXPECTED, strict=True
    ):
        assert draft["text"].startswith(start)
        assert (draft["lead"] or {}).get("code") == lead, start
        assert [u["code"] for u in draft["coordinating"]] == coordinating, start
        assert draft["deadline"] == due, start
        assert draft["product"] == product, start
        for words in problems:
            assert any(words in p for p in draft["problems"]), (start, words, draft["problems"])
        if not problems:
            assert draft["problems"] == [], (start, draft["problems"])
        if lead is None or due is None:
            assert draft["problems"], start  # what was not read is named


def test_notice_assignments_are_read_with_their_units_deadlines_and_products(tuyen_quang):
    drafts = [d.as_dict() for d in read(NOTICE.read_text("utf-8"))]
    assert_reads_the_notice(drafts)


def test_assessments_and_recipients_assign_nothing_and_are_left_out(tuyen_quang):
    texts = " ".join(d.text for d in read(NOTICE.read_text("utf-8")))
    assert "Ban Chỉ đạo ghi nhận" not in texts
    assert "đã chủ trì" not in texts  # what a department did is an assessment
    assert "đề nghị của Sở" not in texts
    assert "dưới sự chủ trì" not in texts
    assert "Lưu VT" not in texts


def test_a_notice_as_docx_reads_as_its_text(tuyen_quang):
    document = docx.Document()
    for line in NOTICE.read_text("utf-8").splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    drafts = read(notice_text("thong-bao.docx", out.getvalue()))
    assert_reads_the_notice([d.as_dict() for d in drafts])


def test_word_numbered_items_under_a_unit_heading_are_its_assignments(tuyen_quang):
    document = docx.Document()
    document.add_paragraph("Sở Tài chính:")
    document.add_paragraph(
        "Tham mưu UBND tỉnh bố trí kinh phí thực hiện Kế hoạch năm 2026 trước ngày 20/12/2025.",
        style="List Bullet",
    )
    document.add_paragraph(
        "Phối hợp với Sở Nội vụ xây dựng Đề án tinh gọn bộ máy trong Quý I/2026.",
        style="List Bullet",
    )
    document.add_paragraph("Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện.")
    out = io.BytesIO()
    document.save(out)
    drafts = read(notice_text("tb.docx", out.getvalue()))
    assert [(d.lead.code if d.lead else None) for d in drafts] == ["08-STC", "08-STC"]
    assert [u.code for u in drafts[1].coordinating] == ["08-SNV"]
    assert drafts[0].deadline and drafts[0].deadline.due_on == date(2025, 12, 20)
    assert drafts[1].product == "Đề án tinh gọn bộ máy"


def test_notice_without_diacritics_reads_the_same(tuyen_quang):
    (draft,) = read(
        "1. Giao So KH&CN chu tri, phoi hop voi So Noi vu, Cong an tinh xay dung "
        "Ke hoach dao tao nhan luc so, trinh UBND tinh trong thang 11/2025."
    )
    assert draft.lead and draft.lead.code == "08-SKHCN"
    assert [u.code for u in draft.coordinating] == ["08-SNV", "08-CA"]
    assert draft.deadline and draft.deadline.due_on == date(2025, 11, 30)
    assert draft.product == "Ke hoach dao tao nhan luc so"


def test_a_deadline_without_its_year_takes_the_year_given_or_says_it_needs_one(tuyen_quang):
    text = "Giao Sở Tài chính chủ trì xây dựng Báo cáo quyết toán kinh phí trong tháng 12."
    (draft,) = read(text, year=2025)
    assert draft.deadline and draft.deadline.due_on == date(2025, 12, 31)
    (draft,) = read(text)
    assert draft.deadline is None
    assert any("names no year" in p for p in draft.problems)


def test_a_unit_no_longer_existing_is_named_with_the_closest_units(tuyen_quang):
    (draft,) = read(
        "Giao Sở Thông tin và Truyền thông chủ trì xây dựng Kế hoạch chuyển đổi số năm 2026 "
        "trong tháng 12/2025."
    )
    assert draft.lead is None
    assert any("Sở Thông tin và Truyền thông" in p for p in draft.problems)
    assert draft.deadline and draft.deadline.due_on == date(2025, 12, 31)


def test_a_date_that_does_not_exist_is_named_not_moved(tuyen_quang):
    (draft,) = read("Giao Sở Y tế chủ trì xây dựng Kế hoạch y tế số, xong trước ngày 31/11/2025.")
    assert draft.deadline is None
    assert any("31/11/2025 is not a date" in p for p in draft.problems)


def test_a_lead_written_before_a_colon_assigns_what_follows(tuyen_quang):
    (draft,) = read("- Công an tỉnh: xây dựng Phương án bảo đảm an ninh mạng trong Quý I/2026.")
    assert draft.lead and draft.lead.code == "08-CA"
    assert draft.product == "Phương án bảo đảm an ninh mạng"


def test_command_prints_the_drafts_as_json(tuyen_quang, capsys):
    call_command("conclusions", "read", str(NOTICE), "--within", "08", "--json")
    assert_reads_the_notice(json.loads(capsys.readouterr().out))


def test_command_reads_text_from_stdin(tuyen_quang, capsys, monkeypatch):
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("Giao Sở Nội vụ chủ trì xây dựng Đề án việc làm trong năm 2026.")
    )
    call_command("conclusions", "read", "-", "--within", "08", "--json")
    (draft,) = json.loads(capsys.readouterr().out)
    assert draft["lead"] == {"code": "08-SNV", "name": "Sở Nội vụ"}
    assert draft["deadline"] == deadline("trong năm 2026", date(2026, 12, 31))


def test_command_prints_drafts_for_people_without_json(tuyen_quang, capsys):
    call_command("conclusions", "read", str(NOTICE), "--within", "08")
    out = capsys.readouterr().out
    assert "1. Giao Sở Khoa học và Công nghệ chủ trì" in out
    assert "lead: Sở Khoa học và Công nghệ" in out


def test_command_refuses_an_unknown_scope_and_a_file_that_is_not_text(tuyen_quang, tmp_path):
    with pytest.raises(CommandError, match="--within"):
        call_command("conclusions", "read", str(NOTICE), "--within", "99")
    binary = tmp_path / "tb.txt"
    binary.write_bytes(b"\x00\x01\x02" * 10)
    with pytest.raises(CommandError, match="not a text file"):
        call_command("conclusions", "read", str(binary), "--within", "08")
    with pytest.raises(IntakeFileError):
        notice_text("tb.docx", b"not a zip")


@pytest.mark.slow
@pytest.mark.django_db
def test_notice_is_read_on_the_real_tree(capsys):
    from io import StringIO

    call_command("units", "load", stdout=StringIO())
    call_command("conclusions", "read", str(NOTICE), "--within", "08", "--json")
    drafts = json.loads(capsys.readouterr().out)
    assert_reads_the_notice(drafts)
    assert "144 units" in " ".join(drafts[10]["problems"])  # 20 departments, 124 communes


WORDS = [
    "Giao", "giao", "Đề nghị", "yêu cầu", "chủ trì", "phối hợp với", "Sở Tài chính", "Sở KH&CN",
    "UBND các xã, phường", "VNPT", "và", ",", ".", ";", ":", "(", ")", "\n1.", "\n- ", "\na)",
    "trong tháng 11/2025", "trước ngày", "31/11/2025", "Quý", "IV", "hằng tháng", "thường xuyên",
    "Kế hoạch", "báo cáo", "Đề án", "số", "xây dựng", "Nơi nhận", "năm 2026", "Tết", "Ban Chỉ đạo",
]  # fmt: skip


@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=40))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_reads_into_drafts_quoting_it_or_nothing(tuyen_quang, words):
    text = " ".join(words)
    for draft in read(text):
        assert draft.text and draft.text in " ".join(text.split())
        assert (draft.lead is None) or not any("one lead unit" in p for p in draft.problems)
        if draft.lead is None or draft.deadline is None:
            assert draft.problems


@pytest.mark.parametrize(
    ("text", "lead", "coordinating", "due", "product"),
    [
        (
            "Giao Sở Khoa học và Công nghệ là cơ quan đầu mối, chủ trì, phối hợp chặt chẽ với "
            "Sở Tài chính và UBND xã Lâm Bình xây dựng Kế hoạch chuyển đổi số năm 2026, hoàn "
            "thành chậm nhất ngày 15/12/2025.",
            "08-SKHCN",
            ["08-STC", "02233"],
            deadline("chậm nhất ngày 15/12/2025", date(2025, 12, 15)),
            "Kế hoạch chuyển đổi số năm 2026",
        ),
        (
            "Giao UBND xã Lâm Bình chủ trì tổ chức Hội nghị, báo cáo kết quả trước ngày 30 "
            "tháng 11 năm 2025.",
            "02233",
            [],
            deadline("trước ngày 30 tháng 11 năm 2025", date(2025, 11, 30)),
            "báo cáo kết quả",
        ),
        (
            "Giao cho Ban Quản lý các khu công nghiệp tỉnh xây dựng Danh mục dự án kêu gọi đầu "
            "tư, thời hạn: Quý II/2026.",
            "08-BQLKCN",
            [],
            deadline("Quý II/2026", date(2026, 6, 30)),
            "Danh mục dự án kêu gọi đầu tư",
        ),
        (
            "Giao Bảo hiểm xã hội tỉnh chủ trì, phối hợp với Sở Y tế, Bộ Khoa học và Công nghệ "
            "triển khai Kế hoạch số hóa hồ sơ, đến hết năm 2026.",
            "08-BHXH",
            ["08-SYT", "BKHCN"],
            deadline("đến hết năm 2026", date(2026, 12, 31)),
            "Kế hoạch số hóa hồ sơ",
        ),
        (
            "Yêu cầu Thanh tra tỉnh chủ trì xây dựng Báo cáo kiểm tra việc thực hiện, xong "
            "trong Quý I năm 2026.",
            "08-TTR",
            [],
            deadline("trong Quý I năm 2026", date(2026, 3, 31)),
            "Báo cáo kiểm tra việc thực hiện",
        ),
    ],
)
def test_assignments_as_committees_word_them(tuyen_quang, text, lead, coordinating, due, product):
    (draft,) = [d.as_dict() for d in read(text)]
    assert (draft["lead"] or {}).get("code") == lead
    assert [u["code"] for u in draft["coordinating"]] == coordinating
    assert draft["deadline"] == due
    assert draft["product"] == product
    assert draft["problems"] == []


def test_what_units_do_on_their_own_initiative_assigns_nothing(tuyen_quang):
    assert read("Các sở, ngành căn cứ chức năng, nhiệm vụ chủ động thực hiện.") == []
    assert read("Đáp ứng yêu cầu nhiệm vụ trong tình hình mới.") == []


def test_items_under_an_assignment_that_ends_with_a_colon_are_its_leads(tuyen_quang):
    drafts = read(
        "4. Giao Sở Y tế chủ trì thực hiện các nhiệm vụ sau:\n"
        "a) Xây dựng Kế hoạch chuyển đổi số ngành y tế trong Quý I/2026.\n"
        "b) Sở Tài chính: bố trí kinh phí, trình UBND tỉnh Quyết định phê duyệt trong tháng 3/2026.\n"
        "5. Giao các cơ quan, đơn vị thực hiện một số nhiệm vụ sau:\n"
        "- Xây dựng Báo cáo chuyên đề trong tháng 12/2025.\n"
        "6. Ban Chỉ đạo đánh giá cao kết quả đạt được."
    )
    assert [(d.lead.code if d.lead else None) for d in drafts] == ["08-SYT", "08-STC", None]
    assert drafts[1].product == "Quyết định phê duyệt"
    assert any("names no unit" in p for p in drafts[2].problems)


def test_coordinating_units_written_before_phoi_hop(tuyen_quang):
    first, second = read(
        "1. Giao Sở Tài chính chủ trì, Sở Nội vụ và Công an tỉnh phối hợp xây dựng Phương án "
        "sắp xếp trong tháng 12/2025.\n"
        "2. Giao Sở Y tế chủ trì xây dựng Kế hoạch y tế số, hoàn thành trong Quý I/2026; "
        "UBND xã Lâm Bình, Sở KH&CN phối hợp thực hiện."
    )
    assert first.lead and first.lead.code == "08-STC"
    assert [u.code for u in first.coordinating] == ["08-SNV", "08-CA"]
    assert first.product == "Phương án sắp xếp"
    assert second.lead and second.lead.code == "08-SYT"
    assert [u.code for u in second.coordinating] == ["02233", "08-SKHCN"]
    assert second.text.endswith("Sở KH&CN phối hợp thực hiện.")
    assert second.deadline and second.deadline.due_on == date(2026, 3, 31)


def test_a_sentence_of_thousands_of_words_is_read_in_time(tuyen_quang):
    # Finding names and deadlines looks a bounded number of words ahead (it took minutes
    # when a body outside the tree was looked for up to the end of the sentence).
    text = "Giao Sở " + "rất " * 3000 + "chủ trì xây dựng Kế hoạch trong tháng 11/2025; phối hợp."
    started = time.perf_counter()
    (draft,) = read(text)
    assert time.perf_counter() - started < 15
    assert draft.lead is None and draft.problems
