from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.meetings.cli import meeting_arg, output_arg
from steerco.meetings.documents import pack_docx


class Command(BaseCommand):
    help = (
        "A steering committee's meetings. `meeting pack --meeting ID -o F` writes the pack "
        "frozen when the meeting was held (DOCX): the earlier notices' implementation, then "
        "the report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        pack = sub.add_parser("pack", help="write a held meeting's pack as a Word document")
        pack.add_argument("--meeting", required=True, help="the meeting's id")
        pack.add_argument("-o", "--output", required=True, help="the .docx file to write")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        meeting = meeting_arg(o["meeting"])
        output = output_arg(o["output"])
        if meeting.pack is None:
            raise CommandError(
                f"--meeting: meeting {meeting.pk} is not marked held yet; it has no pack"
            )
        output.write_bytes(pack_docx(meeting))
        self.stdout.write(f"pack of meeting {meeting.pk} written to {output}")
