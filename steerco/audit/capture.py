"""What the audit trail records, and the model signals that record it.

`AUDITED` names each audited model (by its app label, so the models of apps above this
one — the web's `UserPreference` — are reached without importing them) and the fields
whose change is an event. A save reads the row as stored before it (pre_save, only when an
audited field may change: a `save(update_fields=...)` naming none is skipped without a
query), and after it records the fields that changed as {field: [old, new]}; a creation
records the new values, a deletion the old ones; a many-to-many change (a task's
coordinating units, a user's groups) records the list before and after.

Values are plain JSON: text, ISO dates, numbers, booleans, a foreign key as {"id",
"label"} (the label is what a reader recognises later, even if the row is gone). A
password is never recorded: its change is the event "password changed" (a hash upgraded
at sign-in, with no new password set, is not a change).

Writes that bypass the signals (`QuerySet.update`, `bulk_create`, raw SQL) are not seen:
the bulk writers (the plan import, the loaders) record one summary event instead
(`services.summary_record`). Fixture loading (`raw` saves) is not recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from steerco.directives.models import TASK_CACHE_FIELDS

from .models import AuditAction
from .services import actor_name, event_record, object_type

_BEFORE = "_audit_before"  # the instance attribute holding the row read by pre_save
_SKIP = object()  # pre_save saw no audited field in update_fields
_M2M_BEFORE = "_audit_m2m_before"


# --- labels: what a reader recognises ------------------------------------------------


def _username(user: Any) -> str:
    return actor_name(user) if user is not None else "—"


def _related(instance: Any, name: str) -> Any:
    """A foreign key's object, from the instance's cache or the database (None if gone)."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    if value is None:
        return None
    cached = field.get_cached_value(instance, None)
    if cached is not None and cached.pk == value:
        return cached
    return field.related_model._base_manager.filter(pk=value).first()


def label_of(obj: Any) -> str:
    """One line naming an object: "02-KH/BCĐTW · 1.3", "Tuyên Quang (08)", a username."""
    if obj is None:
        return "—"
    label = obj._meta.label_lower
    if label == "units.unit":
        return f"{obj.name} ({obj.code})"
    if label == "directives.directive":
        return str(obj.symbol)
    if label == "directives.task":
        directive = _related(obj, "directive")
        symbol = directive.symbol if directive is not None else f"#{obj.directive_id}"
        return f"{symbol} · {obj.reference or '#' + str(obj.pk)}"
    if obj._meta.model is get_user_model():
        return _username(obj)
    if label == "units.membership":
        return (
            f"{_username(_related(obj, 'user'))} · {obj.role} · {label_of(_related(obj, 'unit'))}"
        )
    if hasattr(obj, "user_id"):  # devices, preferences, links: the account they belong to
        what = getattr(obj, "name", "") or getattr(obj, "purpose", "")
        user = _username(_related(obj, "user"))
        return f"{user} · {what}" if what else user
    return str(obj)


# --- what is audited -------------------------------------------------------------------


@dataclass(frozen=True)
class Audited:
    label: str  # "app_label.ModelName"
    fields: tuple[str, ...]  # concrete fields whose change is recorded
    m2m: tuple[str, ...] = ()
    optional: bool = False  # connect only if the model is installed


def _task_fields() -> tuple[str, ...]:
    """A task's definition: every concrete field but the cache of its history (except the
    deadline in force, which a manager moves by approving an extension), the derived
    five-clear flag and the creation time."""
    Task = apps.get_model("directives", "Task")
    derived = {"id", "five_clear", "search_text", "created_at"}  # search_text: folded copies
    skipped = (set(TASK_CACHE_FIELDS) - {"due_on"}) | derived
    return tuple(f.name for f in Task._meta.concrete_fields if f.name not in skipped)


def audited() -> list[Audited]:
    user = get_user_model()._meta.label
    return [
        Audited(
            "directives.Directive",
            (
                "symbol",
                "kind",
                "issuer",
                "issued_on",
                "title",
                "implements",
                "requires_acceptance",
                "document_name",  # the directive's own document, as attached
            ),
        ),
        Audited("directives.Task", _task_fields(), m2m=("coordinating_units",)),
        Audited(
            user,
            (
                "username",
                "first_name",
                "last_name",
                "email",
                "is_active",
                "is_staff",
                "is_superuser",
                "password",
            ),
            m2m=("groups", "user_permissions"),
        ),
        Audited("units.Membership", ("user", "unit", "role")),
        Audited("otp_totp.TOTPDevice", ("user", "name", "confirmed")),
        Audited("otp_static.StaticDevice", ("user", "name", "confirmed")),
        # The web app's per-user setting (the interface language): above this app in the
        # layers, so reached by its label only.
        Audited("web.UserPreference", ("user", "language")),
        # What each person is told and how (notices, above this app too); a unit's webhook
        # address — never its shared secret.
        Audited(
            "notices.NoticePreference", ("user", "muted", "email", "digest_weekday", "language")
        ),
        Audited("notices.UnitWebhook", ("unit", "url", "active")),
        # Account administration's one-time links (an invitation, a password reset): that a
        # link was issued, by whom, until when — never its token. Optional: the model is
        # being added by account administration.
        Audited(
            "accounts.OneTimeLink", ("user", "purpose", "created_by", "expires_at"), optional=True
        ),
        # A committee's meetings (above this app, by label): recorded, held (its pack
        # frozen), its notice issued; and the conclusions the office confirmed.
        Audited(
            "meetings.Meeting",
            ("committee", "number", "held_on", "place", "chair_name", "status", "notice"),
            optional=True,
        ),
        Audited(
            "meetings.Conclusion",
            ("meeting", "order", "kind", "text", "lead_unit", "deadline_text", "due_on", "task"),
            m2m=("coordinating_units",),
            optional=True,
        ),
        # A committee's members (a user with a role on it, their title) and who of them
        # attended a meeting.
        Audited("meetings.CommitteeMember", ("committee", "user", "title", "order"), optional=True),
        Audited("meetings.Attendance", ("meeting", "member", "present"), optional=True),
        # Personal access tokens for the API: created (name, scopes, expiry) and revoked —
        # never the secret nor its hash; the time of last use is not an event.
        Audited(
            "accounts.AccessToken",
            ("user", "name", "prefix", "scopes", "expires_at", "revoked_at"),
            optional=True,
        ),
    ]


_REGISTRY: dict[type[models.Model], Audited] = {}
_M2M: dict[type[models.Model], tuple[type[models.Model], str]] = {}  # through -> (owner, field)


def audited_models() -> dict[str, type[models.Model]]:
    """The audited models by object type ("directives.task"), once connected."""
    return {model._meta.label_lower: model for model in _REGISTRY}


# --- values --------------------------------------------------------------------------


def _plain(field: Any, value: Any) -> Any:
    if value is None:
        return None
    value = field.to_python(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)


def _fk_plain(field: Any, value: Any, obj: Any = None) -> Any:
    if value is None:
        return None
    if obj is None or obj.pk != value:
        obj = field.related_model._base_manager.filter(pk=value).first()
    return {"id": value, "label": label_of(obj) if obj is not None else f"#{value}"}


def _value(instance: Any, field: Any, raw: Any) -> Any:
    """The plain value of `field` holding `raw` (an attribute value or a stored one)."""
    if field.is_relation:
        raw = field.target_field.to_python(raw) if raw is not None else None
        cached = field.get_cached_value(instance, None)
        return _fk_plain(field, raw, cached)
    return _plain(field, raw)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _fields(spec: Audited, model: type[models.Model]) -> list[Any]:
    return [model._meta.get_field(name) for name in spec.fields]


# --- the handlers ----------------------------------------------------------------------


def _record(action: str, instance: Any, changes: dict[str, Any]) -> None:
    event_record(
        action=action,
        object_type=object_type(instance),
        object_id=instance.pk,
        object_label=label_of(instance),
        changes=changes,
    )


def on_pre_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    spec = _REGISTRY.get(sender)
    if spec is None or raw or instance.pk is None:
        return
    names = list(spec.fields)
    update_fields = kwargs.get("update_fields")
    if update_fields is not None:
        wanted = {sender._meta.get_field(n).name for n in update_fields}
        names = [n for n in names if n in wanted]
        if not names:
            instance.__dict__[_BEFORE] = _SKIP
            return
    attnames = [sender._meta.get_field(n).attname for n in names]
    row = sender._base_manager.filter(pk=instance.pk).values(*attnames).first()
    instance.__dict__[_BEFORE] = (names, row)


def _password_set(instance: Any, old: str, new: str) -> bool:
    """A new password, not the same one re-hashed: set_password leaves the raw password in
    `_password` until save; set_unusable_password leaves an unusable hash."""
    return old != new and (
        getattr(instance, "_password", None) is not None or not is_password_usable(new)
    )


def on_post_save(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    spec = _REGISTRY.get(sender)
    if spec is None or raw:
        return
    before = instance.__dict__.pop(_BEFORE, None)
    if before is _SKIP:
        return
    if created or before is None or before[1] is None:
        changes = {
            f.name: [None, v]
            for f in _fields(spec, sender)
            if f.name != "password"
            and not _empty(v := _value(instance, f, getattr(instance, f.attname)))
        }
        _record(AuditAction.CREATED, instance, changes)
        return
    names, row = before
    changes = {}
    password = False
    for name in names:
        field = sender._meta.get_field(name)
        old_raw, new_raw = row[field.attname], getattr(instance, field.attname)
        if name == "password":
            password = _password_set(instance, old_raw, new_raw)
            continue
        old_key = (
            _plain(field.target_field, old_raw) if field.is_relation else _plain(field, old_raw)
        )
        new_key = (
            _plain(field.target_field, new_raw) if field.is_relation else _plain(field, new_raw)
        )
        if old_key == new_key:
            continue
        if field.is_relation:
            changes[name] = [_fk_plain(field, old_key), _value(instance, field, new_raw)]
        else:
            changes[name] = [old_key, new_key]
    if changes:
        _record(AuditAction.CHANGED, instance, changes)
    if password:
        _record(AuditAction.PASSWORD_CHANGED, instance, {})


def on_post_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    spec = _REGISTRY.get(sender)
    if spec is None:
        return
    changes = {
        f.name: [v, None]
        for f in _fields(spec, sender)
        if f.name != "password"
        and not _empty(v := _value(instance, f, getattr(instance, f.attname)))
    }
    _record(AuditAction.DELETED, instance, changes)


def _m2m_lists(through: Any, owner: Any, name: str, owner_ids: Iterable[Any]) -> dict[Any, list]:
    field = owner._meta.get_field(name)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    lists: dict[Any, list] = {pk: [] for pk in owner_ids}
    rows = (
        through._base_manager.filter(**{f"{source}_id__in": list(lists)})
        .select_related(target)
        .order_by(f"{target}_id")
    )
    for row in rows:
        obj = getattr(row, target)
        lists[getattr(row, f"{source}_id")].append({"id": obj.pk, "label": label_of(obj)})
    return lists


def _m2m_owner_ids(through: Any, owner: Any, name: str, instance: Any, kw: dict) -> list:
    if not kw["reverse"]:
        return [instance.pk]
    if kw["pk_set"] is not None:
        return sorted(kw["pk_set"])
    field = owner._meta.get_field(name)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    return list(
        through._base_manager.filter(**{f"{target}_id": instance.pk}).values_list(
            f"{source}_id", flat=True
        )
    )


def on_m2m_changed(sender: Any, instance: Any, action: str, **kw: Any) -> None:
    entry = _M2M.get(sender)
    if entry is None:
        return
    owner, name = entry
    if action.startswith("pre_"):
        if kw["pk_set"] is not None and not kw["pk_set"]:
            return
        ids = _m2m_owner_ids(sender, owner, name, instance, kw)
        stack = instance.__dict__.setdefault(_M2M_BEFORE, [])
        stack.append((sender, ids, _m2m_lists(sender, owner, name, ids)))
        return
    stack = instance.__dict__.get(_M2M_BEFORE) or []
    if not stack or stack[-1][0] is not sender:
        return  # nothing was read before (an empty add or remove)
    _, ids, before = stack.pop()
    after = _m2m_lists(sender, owner, name, ids)
    changed = [pk for pk in ids if before[pk] != after[pk]]
    owners: dict[Any, Any] = (
        {instance.pk: instance} if not kw["reverse"] else owner._base_manager.in_bulk(changed)
    )
    for pk in changed:
        if pk in owners:
            _record(AuditAction.CHANGED, owners[pk], {name: [before[pk], after[pk]]})


# --- connecting ------------------------------------------------------------------------

HANDLERS: tuple[tuple[Any, Callable[..., None]], ...] = (
    (pre_save, on_pre_save),
    (post_save, on_post_save),
    (post_delete, on_post_delete),
)


def connect() -> None:
    """Connect the handlers to every audited model (called by the app's ready())."""
    for spec in audited():
        app_label, model_name = spec.label.split(".")
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            if spec.optional:
                continue
            raise
        _REGISTRY[model] = spec
        uid = f"steerco.audit.{model._meta.label_lower}"
        for signal, handler in HANDLERS:
            signal.connect(handler, sender=model, dispatch_uid=f"{uid}.{handler.__name__}")
        for name in spec.m2m:
            through = model._meta.get_field(name).remote_field.through
            _M2M[through] = (model, name)
            m2m_changed.connect(on_m2m_changed, sender=through, dispatch_uid=f"{uid}.{name}")
