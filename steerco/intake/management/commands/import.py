import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steerco.directives.cli import directive_arg
from steerco.intake.cli import file_problem_json, read_upload
from steerco.intake.plans import PlanError, PlanImport, plan_import
from steerco.intake.readers import IntakeFileError
from steerco.lib.money import format_vnd
from steerco.units.cli import unit_arg


class Command(BaseCommand):
    help = (
        "Import a plan's table of tasks (.xlsx, .csv, .docx) into a directive. Without --commit, "
        "print what would be created, updated and rejected; with --commit, write all rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan_file")
        parser.add_argument(
            "--directive", required=True, help="symbol of the directive, e.g. 02-KH/UBND"
        )
        parser.add_argument(
            "--within", required=True, help="the unit whose units the plan assigns (code or name)"
        )
        parser.add_argument(
            "--commit", action="store_true", help="write the tasks (all rows or none)"
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(
        self,
        *args: Any,
        plan_file: str,
        directive: str,
        within: str,
        commit: bool,
        as_json: bool,
        **options: Any,
    ) -> None:
        target = directive_arg(directive)
        scope = unit_arg(within, "--within")
        name, data = read_upload(plan_file)
        try:
            result = plan_import(
                directive=target, within=scope, name=name, data=data, commit=commit
            )
        except (IntakeFileError, PlanError) as exc:
            if as_json:
                self.stdout.write(file_problem_json(str(exc), name))
            raise CommandError(str(exc)) from None
        if as_json:
            self.stdout.write(_json(result))
        else:
            self.stdout.write(describe(result))
        if result.rejected:
            raise CommandError(f"{len(result.rejected)} problem(s); nothing written")


def _json(result: PlanImport) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False)


def describe(result: PlanImport) -> str:
    mode = "written" if result.committed else "preview; nothing written"
    lines = [f"{result.file_name} -> {result.directive.symbol} within {result.scope.name} ({mode})"]
    for row in result.rows:
        mark = {"create": "+", "update": "~", "unchanged": "="}[row.action]
        lead = result.scope.name if row.cascade else row.leads[0].name
        due = ""
        if row.deadline is not None:
            due = (
                row.deadline.due_on.isoformat()
                if row.deadline.due_on
                else f"recurring ({row.deadline.cadence or 'quarter'})"
            )
        extra = f"; {len(row.new_subtasks)} sub-task(s)" if row.new_subtasks else ""
        changed = f" [{', '.join(row.changes)}]" if row.action == "update" and row.changes else ""
        content = " ".join(row.content.split())[:70]
        if row.person is not None:
            extra += f"; official: {row.person.full_name}"
        if row.cost is not None:
            extra += f"; cost: {format_vnd(row.cost, 'en')}"
        lines.append(f"{mark} {row.reference:<10} {lead} | {due} | {content}{changed}{extra}")
    if result.rejected:
        lines.append("rejected:")
        lines += [f"  {p}" for p in result.rejected]
    if result.warnings:
        lines.append("warnings:")
        lines += [f"  {w}" for w in result.warnings]
    verb = "" if result.committed else "to "
    lines.append(
        f"{result.created} {verb}create, {result.updated} {verb}update, {result.unchanged} unchanged, "
        f"{result.cascaded} cascaded sub-task(s), {len(result.rejected)} rejected"
    )
    return "\n".join(lines)
