from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.meetings.cli import meeting_arg, output_arg
from steerco.meetings.documents import pack_docx
from steerco.meetings.models import MemberTitle
from steerco.meetings.selectors import committee_members
from steerco.meetings.services import MeetingError, committee_member_seat
from steerco.units.models import Unit, UnitKind


class Command(BaseCommand):
    help = (
        "A steering committee's meetings. `meeting pack --meeting ID -o F` writes the pack "
        "frozen when the meeting was held (DOCX): the earlier notices' implementation, then "
        "the report. `meeting members --committee CODE` lists a committee's members; "
        "`meeting member-add --committee CODE --user NAME --title head|deputy_head|member` "
        "makes a user holding a role on the committee one of them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        pack = sub.add_parser("pack", help="write a held meeting's pack as a Word document")
        pack.add_argument("--meeting", required=True, help="the meeting's id")
        pack.add_argument("-o", "--output", required=True, help="the .docx file to write")
        members = sub.add_parser("members", help="list a committee's members with their titles")
        members.add_argument("--committee", required=True, help="the committee's unit code")
        add = sub.add_parser(
            "member-add", help="make a user holding a role on the committee one of its members"
        )
        add.add_argument("--committee", required=True, help="the committee's unit code")
        add.add_argument("--user", required=True, help="the account's user name")
        add.add_argument(
            "--title", default="member", help=f"one of: {', '.join(MemberTitle.values)}"
        )
        add.add_argument("--order", type=int, help="its place in the list (after the others)")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        if action in ("members", "member-add"):
            self._members(action, o)
            return
        meeting = meeting_arg(o["meeting"])
        output = output_arg(o["output"])
        if meeting.pack is None:
            raise CommandError(
                f"--meeting: meeting {meeting.pk} is not marked held yet; it has no pack"
            )
        output.write_bytes(pack_docx(meeting))
        self.stdout.write(f"pack of meeting {meeting.pk} written to {output}")

    def _members(self, action: str, o: dict[str, Any]) -> None:
        committee = Unit.objects.filter(code=o["committee"], kind=UnitKind.COMMITTEE).first()
        if committee is None:
            raise CommandError(f"--committee: no steering committee {o['committee']!r}")
        if action == "member-add":
            user = get_user_model().objects.filter(username=o["user"]).first()
            if user is None:
                raise CommandError(f"--user: no account {o['user']!r}")
            try:
                committee_member_seat(
                    committee=committee, member=user, title=o["title"], order=o["order"]
                )
            except MeetingError as exc:
                raise CommandError(f"--{exc.field or 'user'}: {exc}") from None
        for m in committee_members([committee]):
            self.stdout.write(f"{m.order}\t{m.user.get_username()}\t{m.title}\t{m.name}")
