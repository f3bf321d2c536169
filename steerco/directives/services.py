"""Writes to directives and tasks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from steerco.units.models import Unit

from .models import Cadence, Directive, DirectiveKind, Task


class DirectiveError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def directive_create(
    *,
    symbol: str,
    kind: str,
    issuer: Unit,
    issued_on: date,
    title: str,
    implements: Directive | None = None,
    requires_acceptance: bool = False,
) -> Directive:
    symbol = symbol.strip()
    if not symbol:
        raise DirectiveError(_("A directive needs its number and symbol."), "symbol")
    if kind not in DirectiveKind.values:
        raise DirectiveError(
            _("Unknown kind %(kind)r; expected one of %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(DirectiveKind.values)},
            "kind",
        )
    if Directive.objects.filter(symbol=symbol).exists():
        raise DirectiveError(
            _("A directive %(symbol)s already exists.") % {"symbol": symbol}, "symbol"
        )
    if not title.strip():
        raise DirectiveError(_("A directive needs a title."), "title")
    return Directive.objects.create(
        symbol=symbol,
        kind=kind,
        issuer=issuer,
        issued_on=issued_on,
        title=title.strip(),
        implements=implements,
        requires_acceptance=requires_acceptance,
    )


EDITABLE_DIRECTIVE_FIELDS = frozenset(
    {"symbol", "kind", "issued_on", "title", "implements", "requires_acceptance"}
)


@transaction.atomic
def directive_update(*, directive: Directive, **changes: Any) -> Directive:
    """Correct a directive (its symbol, kind, date, title, what it implements, whether
    completions need acceptance); the issuer stays. Saved through the ORM, so the audit
    trail records every change (audit.capture)."""
    unknown = set(changes) - EDITABLE_DIRECTIVE_FIELDS
    if unknown:
        raise DirectiveError(
            _("These fields cannot be edited: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    if "symbol" in changes:
        symbol = str(changes["symbol"]).strip()
        if not symbol:
            raise DirectiveError(_("A directive needs its number and symbol."), "symbol")
        if Directive.objects.filter(symbol=symbol).exclude(pk=directive.pk).exists():
            raise DirectiveError(
                _("A directive %(symbol)s already exists.") % {"symbol": symbol}, "symbol"
            )
        changes["symbol"] = symbol
    if "kind" in changes and changes["kind"] not in DirectiveKind.values:
        raise DirectiveError(
            _("Unknown kind %(kind)r; expected one of %(kinds)s.")
            % {"kind": changes["kind"], "kinds": ", ".join(DirectiveKind.values)},
            "kind",
        )
    if "title" in changes:
        changes["title"] = str(changes["title"]).strip()
        if not changes["title"]:
            raise DirectiveError(_("A directive needs a title."), "title")
    implements = changes.get("implements")
    if implements is not None:
        # Not itself, nor one that (at any depth) implements it.
        seen: Directive | None = implements
        while seen is not None:
            if seen.pk == directive.pk:
                raise DirectiveError(
                    _("A directive cannot implement itself or one implementing it."),
                    "implements",
                )
            seen = seen.implements
    changed = [name for name, value in changes.items() if getattr(directive, name) != value]
    for name in changed:
        setattr(directive, name, changes[name])
    if changed:
        directive.save()
    return directive


@transaction.atomic
def directive_document_attach(
    *, directive: Directive, content: File, name: str, content_type: str
) -> Directive:
    """Attach (or replace) the directive's own document; the caller checked the file
    (web/uploads.py validate_evidence)."""
    directive.document.save(name, content, save=False)
    directive.document_name = name[:255]
    directive.document_content_type = content_type[:128]
    directive.save()
    return directive


def _check_schedule(recurring: bool, cadence: str, due_on: date | None) -> None:
    if recurring and due_on is not None:
        raise DirectiveError(_("A recurring task has a cadence, not a deadline."), "due_on")
    if recurring and cadence not in Cadence.values:
        raise DirectiveError(
            _("A recurring task needs a cadence (month, quarter, half_year, year)."), "cadence"
        )
    if not recurring and cadence:
        raise DirectiveError(_("Only a recurring task has a cadence."), "cadence")


def task_build(
    *,
    directive: Directive,
    content: str,
    lead_unit: Unit,
    assigned_on: date,
    reference: str = "",
    external_partners: str = "",
    assigned_by: Unit | None = None,
    responsible_person: str = "",
    deadline_text: str = "",
    due_on: date | None = None,
    recurring: bool = False,
    cadence: str = "",
    expected_product: str = "",
    field: str = "",
    authority: str = "",
    parent: Task | None = None,
) -> Task:
    """A checked, unsaved task (task_create's rules without the writes)."""
    if not content.strip():
        raise DirectiveError(_("A task needs its content."), "content")
    _check_schedule(recurring, cadence, due_on)
    if assigned_by is None:
        assigned_by = parent.lead_unit if parent else directive.issuer
    if parent is not None and not parent.lead_unit.contains(lead_unit):
        raise DirectiveError(
            _("A cascaded task's lead unit must be the parent task's lead unit or under it."),
            "lead_unit",
        )
    task = Task(
        directive=directive,
        reference=reference.strip(),
        content=content.strip(),
        lead_unit=lead_unit,
        external_partners=external_partners,
        assigned_by=assigned_by,
        responsible_person=responsible_person.strip(),
        deadline_text=deadline_text.strip(),
        original_due_on=due_on,
        due_on=due_on,
        recurring=recurring,
        cadence=cadence,
        expected_product=expected_product.strip(),
        field=field,
        authority=authority,
        parent=parent,
        assigned_on=assigned_on,
    )
    task.five_clear = task.is_five_clear
    task.search_text = task.searchable  # bulk_create (task_create_many) skips save()
    return task


@transaction.atomic
def task_create(*, coordinating_units: Iterable[Unit] = (), **fields: Any) -> Task:
    """Create a task; `fields` are task_build's keyword arguments."""
    task = task_build(**fields)
    task.save()
    coordinating = [u for u in coordinating_units if u.pk != task.lead_unit_id]
    if coordinating:
        task.coordinating_units.set(coordinating)
    return task


@transaction.atomic
def task_create_many(*, specs: Iterable[dict[str, Any]]) -> list[Task]:
    """Create many tasks at once (a plan import) with task_create's rules, in batched
    INSERTs. Each spec holds task_create's keyword arguments; a spec's parent must be saved."""
    built: list[Task] = []
    coordinating: list[Iterable[Unit]] = []
    for spec in specs:
        fields = dict(spec)
        coordinating.append(fields.pop("coordinating_units", ()))
        built.append(task_build(**fields))
    Task.objects.bulk_create(built, batch_size=500)
    through = Task.coordinating_units.through
    links = [
        through(task_id=task.pk, unit_id=unit_id)
        for task, units in zip(built, coordinating, strict=True)
        for unit_id in dict.fromkeys(u.pk for u in units)
        if unit_id != task.lead_unit_id
    ]
    through.objects.bulk_create(links, batch_size=1000)
    return built


EDITABLE_TASK_FIELDS = frozenset(
    {
        "reference",
        "content",
        "responsible_person",
        "expected_product",
        "field",
        "authority",
        "external_partners",
        "deadline_text",
    }
)


@transaction.atomic
def task_update(
    *, task: Task, coordinating_units: Iterable[Unit] | None = None, **changes: str
) -> Task:
    """Edit the descriptive fields of a task. The deadline moves only by an approved extension."""
    unknown = set(changes) - EDITABLE_TASK_FIELDS
    if unknown:
        raise DirectiveError(
            _("These fields cannot be edited: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(task, name, value.strip() if isinstance(value, str) else value)
    if not task.content:
        raise DirectiveError(_("A task needs its content."), "content")
    task.five_clear = task.is_five_clear
    task.save()
    if coordinating_units is not None:
        task.coordinating_units.set([u for u in coordinating_units if u.pk != task.lead_unit_id])
    return task
