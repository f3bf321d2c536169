import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.directives.cli import directive_arg
from steerco.lib.cli import lang_arg, parse_day
from steerco.reports.build import ReportError, build_report
from steerco.reports.content import LAYOUTS
from steerco.reports.render import FORMATS, render
from steerco.reports.render_html import PdfUnavailable
from steerco.units.cli import unit_arg


class Command(BaseCommand):
    help = (
        "Write a meeting report for a unit's subtree as of a date (docx, xlsx, pdf, html or json)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="unit code or exact name, e.g. 08")
        parser.add_argument(
            "--as-of", required=True, help="YYYY-MM-DD: the date the figures speak for"
        )
        parser.add_argument("--directive", help="directive symbol, e.g. 02-KH/BCĐTW (default: all)")
        parser.add_argument(
            "--with-implementing", action="store_true", help="include directives implementing it"
        )
        parser.add_argument(
            "--previous", help="YYYY-MM-DD: the previous reporting date, for the changes"
        )
        parser.add_argument("--format", default="json", help=f"one of: {', '.join(FORMATS)}")
        parser.add_argument("--lang", default="vi", help="vi or en")
        parser.add_argument(
            "--layout", default="state", help="state (Decree 30/2020) or party (Guidance 36)"
        )
        parser.add_argument(
            "-o", "--output", help="file to write; - for standard output (json: the default)"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        fmt = o["format"]
        if fmt not in FORMATS:
            raise CommandError(
                f"--format: {fmt!r} is not a format; expected one of {', '.join(FORMATS)}"
            )
        if o["layout"] not in LAYOUTS:
            raise CommandError(
                f"--layout: {o['layout']!r} is not a layout; expected state or party"
            )
        output = o["output"] or ("-" if fmt == "json" else None)
        if output is None:
            raise CommandError(
                f"-o: give a file to write the {fmt} report to (or - for standard output)"
            )
        if output != "-" and not Path(output).parent.is_dir():
            raise CommandError(f"-o: folder {str(Path(output).parent)!r} does not exist")
        unit = unit_arg(o["unit"])
        as_of = parse_day(o["as_of"], "--as-of")
        previous_on = parse_day(o["previous"], "--previous") if o["previous"] else None
        if previous_on and previous_on >= as_of:
            raise CommandError("--previous: must be before --as-of")
        try:
            content = build_report(
                unit=unit,
                as_of=as_of,
                directive=directive_arg(o["directive"]),
                with_implementing=o["with_implementing"],
                previous_on=previous_on,
                lang=lang_arg(o["lang"]),
                layout=o["layout"],
            )
        except ReportError as exc:
            raise CommandError(f"--{exc.field}: {exc}") from None
        try:
            data = render(content, fmt)
        except PdfUnavailable as exc:
            raise CommandError(f"--format: {exc}") from None
        if output == "-" and fmt in ("json", "html"):
            self.stdout.write(data.decode("utf-8"))
        elif output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            Path(output).write_bytes(data)
            self.stderr.write(f"{output}: {len(data):,} bytes")
