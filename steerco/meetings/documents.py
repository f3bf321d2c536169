"""A meeting's documents: the concluding notice (thông báo kết luận) in the
administrative layout, and the pack as a Word document.

Both reuse the report's Decree 30 / Guidance 36 blocks (`reports.heading.build_heading`
for the header, recipients and signature; `reports.render_docx` for the page): the notice
is "THÔNG BÁO Kết luận của đồng chí … Trưởng Ban Chỉ đạo tại phiên họp thứ …", its
numbered conclusions, "Nơi nhận" and the signature block; the pack is the stored report
opened by the implementation of the committee's earlier notices."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from steerco.lib.vietnamese import format_date, format_short_date
from steerco.reports.content import Heading
from steerco.reports.heading import build_heading
from steerco.reports.render_docx import LetterParagraph, render_docx, render_letter

from .models import Meeting
from .pack import NoticeStatus, notices_of, province_of, report_of

_ORDINALS_VI = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]


class DocumentUnavailable(RuntimeError):
    """A format this server cannot write (a PDF without LibreOffice)."""


def ordinal_vi(n: int) -> str:
    """1 -> "thứ nhất", 4 -> "thứ tư", 12 -> "thứ 12"."""
    return f"thứ {_ORDINALS_VI[n - 1]}" if 1 <= n <= len(_ORDINALS_VI) else f"thứ {n}"


def _ordinal_en(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _chair(meeting: Meeting, lang: str) -> str:
    """ "đồng chí Nguyễn Văn A, Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo"; without a name or a
    title, "đồng chí Trưởng Ban Chỉ đạo" (as notices name an unnamed chair)."""
    parts = [p for p in (meeting.chair, meeting.chair_title) if p]
    if lang == "vi":
        return (
            ", ".join(["đồng chí " + parts[0], *parts[1:], "Trưởng Ban Chỉ đạo"])
            if parts
            else ("đồng chí Trưởng Ban Chỉ đạo")
        )
    return (
        ", ".join([*parts, "Head of the Steering Committee"])
        if parts
        else ("the Head of the Steering Committee")
    )


def notice_heading(meeting: Meeting, *, layout: str, lang: str) -> Heading:
    notice = meeting.notice
    day = notice.issued_on if notice is not None else meeting.held_on
    base = build_heading(
        province_of(meeting.committee), as_of=day, layout=layout, lang=lang, subject=""
    )
    party = layout == "party"
    lead_names = sorted(
        {c.lead_unit.name for c in meeting.conclusions.all() if c.lead_unit is not None}
    )
    if lang == "vi":
        symbol = notice.symbol if notice is not None else "      /TB-BCĐ"
        subject = (
            f"Kết luận của {_chair(meeting, 'vi')} tại phiên họp "
            f"{ordinal_vi(meeting.number)} của Ban Chỉ đạo"
        )
        recipients = [
            "- Ban Chỉ đạo Trung ương (để báo cáo);",
            "- Các thành viên Ban Chỉ đạo;",
            *[f"- {name};" for name in lead_names],
            "- Lưu: VT.",
        ]
        return dataclasses.replace(
            base,
            number=f"Số {symbol}" if party else f"Số: {symbol}",
            title="THÔNG BÁO",
            subject=subject,
            cutoff="",
            signature_authority="T/M BAN CHỈ ĐẠO" if party else "TM. BAN CHỈ ĐẠO",
            signature_position="TRƯỞNG BAN",
            recipients=recipients,
        )
    symbol = notice.symbol if notice is not None else "      /TB-BCĐ"
    return dataclasses.replace(
        base,
        number=f"No. {symbol}" if party else f"No.: {symbol}",
        title="NOTICE",
        subject=(
            f"Conclusions of {_chair(meeting, 'en')}, at the "
            f"committee's {_ordinal_en(meeting.number)} meeting"
        ),
        cutoff="",
        signature_authority="ON BEHALF OF THE STEERING COMMITTEE",
        signature_position="HEAD",
        recipients=[
            "- The Central Steering Committee (for reporting);",
            "- Members of the steering committee;",
            *[f"- {name};" for name in lead_names],
            "- Archived: Office.",
        ],
    )


def notice_body(meeting: Meeting, lang: str) -> list[LetterParagraph]:
    """The opening, the numbered conclusions and the closing sentence."""
    agenda = [item.title for item in meeting.agenda.all()]
    place = f", tại {meeting.place}" if meeting.place and lang == "vi" else ""
    if lang == "vi":
        opening = (
            f"Ngày {format_short_date(meeting.held_on)}{place}, {_chair(meeting, 'vi')} "
            f"chủ trì phiên họp {ordinal_vi(meeting.number)} của "
            f"{meeting.committee.name}"
            + (f" về: {'; '.join(agenda)}" if agenda else "")
            + ". Sau khi nghe báo cáo và ý kiến phát biểu của các thành viên Ban Chỉ đạo, "
            "đồng chí Trưởng Ban Chỉ đạo kết luận như sau:"
        )
        closing = "Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện."
    else:
        where = f" at {meeting.place}" if meeting.place else ""
        opening = (
            f"On {format_date(meeting.held_on, 'en')}{where}, {_chair(meeting, 'en')}, "
            f"chaired the committee's {_ordinal_en(meeting.number)} "
            "meeting"
            + (f" on: {'; '.join(agenda)}" if agenda else "")
            + ". Having heard the reports and the members' views, the Head of the Steering "
            "Committee concluded as follows:"
        )
        closing = "The Steering Committee gives notice of these conclusions for implementation."
    body = [LetterParagraph(opening)]
    body += [LetterParagraph(f"{c.order}. {c.text}") for c in meeting.conclusions.all()]
    body.append(LetterParagraph(closing))
    return body


def notice_docx(meeting: Meeting, *, layout: str = "state", lang: str = "vi") -> bytes:
    heading = notice_heading(meeting, layout=layout, lang=lang)
    return render_letter(heading, lang, notice_body(meeting, lang))


def notice_pdf(meeting: Meeting, *, layout: str = "state", lang: str = "vi") -> bytes:
    """The notice's Word document converted by LibreOffice, so both read the same."""
    return docx_to_pdf(notice_docx(meeting, layout=layout, lang=lang))


def docx_to_pdf(data: bytes) -> bytes:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise DocumentUnavailable("a PDF needs LibreOffice (soffice) on this server")
    with tempfile.TemporaryDirectory(prefix="steerco-notice-") as folder:
        source = Path(folder) / "notice.docx"
        source.write_bytes(data)
        profile = Path(folder) / "profile"
        subprocess.run(  # noqa: S603  (our own file, a fixed command)
            [
                office,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(folder) / "notice.pdf").read_bytes()


def pack_opening(meeting: Meeting, pack: dict[str, Any], lang: str) -> list[LetterParagraph]:
    """The pack's first section: the meeting it was read at, then how the earlier notices'
    conclusions stand."""
    notices = notices_of(pack)
    day = format_short_date(meeting.held_on)
    if lang == "vi":
        out = [
            LetterParagraph(
                f"Tài liệu phiên họp {ordinal_vi(meeting.number)} của {meeting.committee.name}, "
                f"ngày {day}.",
                italic=True,
            ),
            LetterParagraph("TÌNH HÌNH THỰC HIỆN CÁC THÔNG BÁO KẾT LUẬN TRƯỚC", bold=True),
        ]
        if not notices:
            out.append(
                LetterParagraph("Ban Chỉ đạo chưa ban hành thông báo kết luận nào trước đó.")
            )
    else:
        name = meeting.committee.name_en or meeting.committee.name
        out = [
            LetterParagraph(
                f"Papers of the {_ordinal_en(meeting.number)} meeting of {name}, {day}.",
                italic=True,
            ),
            LetterParagraph("IMPLEMENTATION OF THE PREVIOUS CONCLUDING NOTICES", bold=True),
        ]
        if not notices:
            out.append(LetterParagraph("The committee had issued no concluding notice before."))
    for n in notices:
        out.append(LetterParagraph(notice_sentence(n, lang)))
        for o in n.overdue:
            due = format_short_date(o.due_on) if o.due_on else "—"
            out.append(
                LetterParagraph(
                    f"- {o.reference}. {o.content} — {o.lead_name}: "
                    + (
                        f"quá hạn {o.days_late} ngày (hạn {due})."
                        if lang == "vi"
                        else f"{o.days_late} days overdue (due {due})."
                    )
                )
            )
    return out


def notice_sentence(n: NoticeStatus, lang: str) -> str:
    c = n.counts
    if lang == "vi":
        return (
            f"Thông báo số {n.symbol} ngày {format_short_date(n.issued_on)}: {c.total} nhiệm vụ, "
            f"trong đó {c.completed} đã hoàn thành ({c.done_on_time} đúng hạn, {c.done_late} "
            f"quá hạn), {c.on_track} đang thực hiện trong hạn, {c.overdue} quá hạn chưa hoàn "
            f"thành, {c.regular} thường xuyên"
            + (f"; {c.cancelled} đã hủy" if c.cancelled else "")
            + "."
        )
    return (
        f"Notice {n.symbol} of {format_short_date(n.issued_on)}: {c.total} tasks — "
        f"{c.completed} completed ({c.done_on_time} on time, {c.done_late} late), "
        f"{c.on_track} on track, {c.overdue} overdue, {c.regular} recurring"
        + (f"; {c.cancelled} cancelled" if c.cancelled else "")
        + "."
    )


def pack_docx(meeting: Meeting) -> bytes:
    """The frozen pack: the report as the committee read it, opened by the earlier notices."""
    if meeting.pack is None:
        raise ValueError("the meeting has no pack until it is marked held")
    content = report_of(meeting.pack)
    return render_docx(content, opening=pack_opening(meeting, meeting.pack, content.lang))
