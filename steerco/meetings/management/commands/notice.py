from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.lib.cli import lang_arg
from steerco.meetings.cli import meeting_arg, output_arg
from steerco.meetings.documents import DocumentUnavailable, notice_docx, notice_pdf
from steerco.reports.content import LAYOUTS

FORMATS = ("docx", "pdf")


class Command(BaseCommand):
    help = (
        "Concluding notices. `notice render --meeting ID --format docx|pdf --layout state|party "
        "--lang vi|en -o F` writes the meeting's notice in the administrative layout (a draft, "
        "unnumbered, until it is issued)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        render = sub.add_parser("render", help="write a meeting's concluding notice")
        render.add_argument("--meeting", required=True, help="the meeting's id")
        render.add_argument("--format", default="docx", help="docx or pdf")
        render.add_argument(
            "--layout", default="state", help="state (Decree 30/2020) or party (Guidance 36)"
        )
        render.add_argument("--lang", default="vi", help="vi or en")
        render.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        if o["format"] not in FORMATS:
            raise CommandError(f"--format: {o['format']!r} is not a format; expected docx or pdf")
        if o["layout"] not in LAYOUTS:
            raise CommandError(
                f"--layout: {o['layout']!r} is not a layout; expected state or party"
            )
        lang = lang_arg(o["lang"])
        meeting = meeting_arg(o["meeting"])
        output = output_arg(o["output"])
        if not meeting.conclusions.exists():
            raise CommandError(f"--meeting: meeting {meeting.pk} has no conclusions recorded")
        write = notice_pdf if o["format"] == "pdf" else notice_docx
        try:
            data = write(meeting, layout=o["layout"], lang=lang)
        except DocumentUnavailable as exc:
            raise CommandError(f"--format: {exc}") from None
        output.write_bytes(data)
        self.stdout.write(f"notice of meeting {meeting.pk} written to {output}")
