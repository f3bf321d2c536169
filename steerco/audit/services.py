"""Writing the audit trail: one event, appended to its day's hash chain.

`event_record` is what the model signals of `capture.py` call; `summary_record` is for
bulk writes that bypass the signals (a plan import, a loader): one event saying what was
written. The actor and the source come from `context.current()` unless given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from steerco.lib.hashchain import link

from .chain import chain_head, hashed_values, plain_json
from .context import current
from .models import AuditAction, AuditEvent

_UNSET: Any = object()


def actor_name(user: Any) -> str:
    """How an event names its actor for as long as the table lasts: full name and username."""
    if user is None:
        return ""
    username = user.get_username()
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return f"{full} ({username})" if full and full != username else username


def object_type(model: Any) -> str:
    """`app_label.model` of a model class or instance (e.g. "directives.task")."""
    return model._meta.label_lower


@transaction.atomic
def event_record(
    *,
    action: str,
    object_type: str,
    object_id: object,
    object_label: str,
    changes: Mapping[str, Any] | None = None,
    actor: Any = _UNSET,
    source: str | None = None,
) -> AuditEvent:
    """Append one event. `changes` is {field: [old, new]} of plain JSON values; `actor`
    (a user, or None for the system) and `source` default to who is acting now."""
    acting = current()
    user = acting.actor() if actor is _UNSET else actor
    at = timezone.now()
    event = AuditEvent(
        at=at,
        day=timezone.localdate(at),
        actor=user,
        actor_name=actor_name(user)[:300],
        source=source or acting.source,
        action=action,
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_label=object_label[:300],
        changes=plain_json(dict(changes or {})),
    )
    event.previous_hash = chain_head(event.day)
    event.row_hash = link(event.previous_hash, hashed_values(event))
    event.save(force_insert=True)
    return event


def summary_record(
    *,
    action: str,
    obj: Any,
    label: str | None = None,
    counts: Mapping[str, object],
    source: str | None = None,
) -> AuditEvent:
    """One event for a bulk write that bypassed the model signals: `counts` says what was
    written ({"created": 207, "file": "ke-hoach.xlsx"}), recorded as [None, value]."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    return event_record(
        action=action,
        object_type=object_type(obj),
        object_id=obj.pk,
        object_label=label if label is not None else str(obj),
        changes={name: [None, value] for name, value in counts.items()},
        source=source,
    )


def personal_data_viewed_record(*, person: Any, period: str, opened_as: str) -> AuditEvent:
    """One event for an opening of an official's scorecard (Decree 13/2023 on personal
    data): whose, for which period ("2026"), and how (`opened_as`: "page", "json", "docx",
    "xlsx", "cli"). The actor and source are who is acting now (a signed-in user on a
    page; the system operator on the command line)."""
    return event_record(
        action=AuditAction.PERSONAL_DATA_VIEWED,
        object_type=object_type(person),
        object_id=person.pk,
        object_label=str(person),
        changes={"period": [None, period], "opened_as": [None, opened_as]},
    )
