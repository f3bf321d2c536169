import json
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.audit.context import acting_as
from steerco.exchange.sync import Report, SyncError, pull, push
from steerco.units.cli import unit_arg

TOKEN_ENV = "STEERCO_SYNC_TOKEN"  # noqa: S105 - the variable's name, no secret


class Command(BaseCommand):
    help = (
        "Exchange with another steerco instance over its API (issue 19). `sync pull --from "
        "URL --token T --unit U [--directive S ...]`: import the remote's directives, tasks and "
        "history of unit U; `sync push --to URL --token T --unit U [--batch N]`: send this "
        "instance's history of U since the last successful push, in batches each committed "
        "there all or nothing. The token (or $STEERCO_SYNC_TOKEN) is one of the remote's. "
        "Every refused row is printed with its reason; exit status 1 when any was refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        fetch = sub.add_parser("pull", help="import the remote's document of a unit")
        fetch.add_argument("--from", dest="remote", required=True, help="the remote's address")
        fetch.add_argument(
            "--directive", action="append", default=[], help="a directive's symbol (repeat)"
        )
        send = sub.add_parser("push", help="send this instance's history of a unit")
        send.add_argument("--to", dest="remote", required=True, help="the remote's address")
        send.add_argument("--batch", type=int, default=500, help="tasks per batch (500)")
        for p in (fetch, send):
            p.add_argument("--token", help=f"an API token of the remote (or ${TOKEN_ENV})")
            p.add_argument("--unit", required=True, help="the unit's code (the province)")
            p.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        token = o["token"] or os.environ.get(TOKEN_ENV, "")
        if not token:
            raise CommandError(f"--token: give the remote's API token (or set ${TOKEN_ENV})")
        unit = unit_arg(o["unit"])
        try:
            with acting_as(None):
                if action == "pull":
                    report = pull(
                        remote=o["remote"], token=token, unit=unit.code, directives=o["directive"]
                    )
                else:
                    if o["batch"] < 1:
                        raise CommandError("--batch: at least 1")
                    report = push(remote=o["remote"], token=token, unit=unit, batch_size=o["batch"])
        except SyncError as exc:
            if o["as_json"]:
                self.stdout.write(json.dumps({"error": str(exc)}, ensure_ascii=False))
            raise CommandError(str(exc)) from None
        self.stdout.write(
            json.dumps(report.as_dict(), ensure_ascii=False) if o["as_json"] else describe(report)
        )
        if report.refused:
            raise CommandError(f"{len(report.refused)} row(s) refused; see above")


def describe(report: Report) -> str:
    """The refused rows (! and the reason), the counts by kind, the watermark."""
    out = report.as_dict()
    lines = [f"! {i['label']} ({i['kind']} {i['id']}): {i['reason']}" for i in report.refused]
    for kind, n in out["counts"].items():
        lines.append(
            f"{kind}: {n.get('create', 0)} new, {n.get('skip', 0)} already there, "
            f"{n.get('refuse', 0)} refused"
        )
    lines.append(
        f"{report.direction} {report.remote} ({report.unit}): {report.acknowledged} of "
        f"{report.batches} batch(es) acknowledged; history from {out['cursor_before'] or 'the start'}"
        f" -> {out['cursor_after'] or 'the start'}"
        + ("" if report.complete else " (the watermark stays: run it again)")
    )
    return "\n".join(lines)
