import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.intake.cli import read_upload
from steerco.intake.conclusions import Draft, notice_directory, notice_text, read_conclusions
from steerco.intake.readers import IntakeFileError
from steerco.units.cli import unit_arg


class Command(BaseCommand):
    help = (
        "Concluding notices. `conclusions read FILE|- --within UNIT [--year Y] [--json]` reads a "
        "notice (.txt or .docx; - for text on stdin) into task drafts, one per assignment."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        read = sub.add_parser("read", help="propose task drafts from a notice's assignments")
        read.add_argument("notice", help="a .txt (UTF-8) or .docx file, or - for text on stdin")
        read.add_argument(
            "--within", required=True, help="the unit the notice speaks to (code), e.g. 08"
        )
        read.add_argument("--year", type=int, help="the year of a deadline that names none")
        read.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        scope = unit_arg(o["within"], "--within")
        if o["notice"] == "-":
            text = sys.stdin.read()
        else:
            name, data = read_upload(o["notice"])
            try:
                text = notice_text(name, data)
            except IntakeFileError as exc:
                raise CommandError(str(exc)) from None
        drafts = read_conclusions(text, notice_directory(scope), year=o["year"])
        if o["as_json"]:
            self.stdout.write(json.dumps([d.as_dict() for d in drafts], ensure_ascii=False))
        else:
            self.stdout.write("\n".join(describe(n, d) for n, d in enumerate(drafts, start=1)))


def describe(number: int, draft: Draft) -> str:
    lines = [f"{number}. {draft.text}"]
    lines.append(f"   lead: {draft.lead.name if draft.lead else '—'}")
    if draft.coordinating:
        lines.append("   coordinating: " + ", ".join(u.name for u in draft.coordinating))
    lines.append(f"   deadline: {draft.deadline.text if draft.deadline else '—'}")
    lines.append(f"   product: {draft.product or '—'}")
    lines += [f"   ! {problem}" for problem in draft.problems]
    return "\n".join(lines)
