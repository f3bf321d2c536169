"""Writes of the notices app: `remind` (record the notices due as of a day and send
them), marking read, preferences, a unit's webhook.

`remind` is idempotent: the notices' keys are unique in the database and the run
records only the keys it does not find, so a second run on a day — or any later run
over the same history — records and sends nothing twice. Deliveries (e-mail, webhook)
are rows of their own, claimed before sending, so a retry never sends twice either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone, translation

from steerco.directives.models import Task
from steerco.units.models import Unit

from . import plan, selectors, webhooks
from .digest import Memo, digest_facts
from .mail import message_for
from .models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notice,
    NoticeKind,
    NoticePreference,
    UnitWebhook,
)
from .texts import notice_text, notice_title


@dataclass(frozen=True)
class RemindOptions:
    days_before: tuple[int, ...]
    report_days_before: int
    catch_up: int
    cutoff_day: int

    @classmethod
    def from_settings(cls) -> RemindOptions:
        return cls(
            days_before=tuple(settings.STEERCO_REMIND_DAYS_BEFORE),
            report_days_before=settings.STEERCO_REMIND_REPORT_DAYS_BEFORE,
            catch_up=settings.STEERCO_REMIND_CATCH_UP_DAYS,
            cutoff_day=settings.STEERCO_CUTOFF_DAY,
        )


@dataclass
class Recorded:
    """What a run recorded (or, dry, would record) and sent."""

    as_of: date
    notices: list[Notice] = field(default_factory=list)
    emails: int = 0
    webhooks: int = 0
    failed: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for n in self.notices if n.kind == kind)


Key = tuple[str, str, date, int | None, int]


def _key(n: Notice) -> Key:
    return (n.kind, n.subject, n.occasion_on, n.recipient_id, n.unit_id)


def _notice(w: plan.Wanted, *, recipient_id: int | None, unit_id: int | None = None) -> Notice:
    return Notice(
        kind=w.kind,
        subject=w.subject,
        occasion_on=w.occasion_on,
        recipient_id=recipient_id,
        unit_id=unit_id if unit_id is not None else w.unit_id,
        task_id=w.task_id,
        extension_id=w.extension_id,
        update_id=w.update_id,
        facts=w.facts,
    )


def due_notices(
    as_of: date, options: RemindOptions, *, digests: bool = True
) -> tuple[list[Notice], dict[int, Any]]:
    """The notices due on `as_of` that are not recorded yet (unsaved), and the people they
    are for (by id: their `plan.Person`); the weekly digests too unless `digests` is off."""
    wanted: list[plan.Wanted] = []
    waiting = selectors.waiting(as_of)
    awaiting = plan.awaiting_acceptance_ids(waiting)
    for task in selectors.task_facts(
        as_of,
        days_before=options.days_before,
        catch_up=options.catch_up,
        cutoff_day=options.cutoff_day,
    ):
        wanted += plan.task_notices(
            replace(task, awaiting_acceptance=task.id in awaiting),
            as_of,
            days_before=options.days_before,
            report_days_before=options.report_days_before,
            catch_up=options.catch_up,
            cutoff_day=options.cutoff_day,
        )
    wanted += plan.waiting_notices(waiting, as_of)
    audience = selectors.audiences((w.unit_id, w.audience) for w in wanted)
    people: dict[int, plan.Person] = {}
    notices = []
    for a in plan.address(wanted, audience):
        people[a.person.id] = a.person
        notices.append(_notice(a.wanted, recipient_id=a.person.id))
    hooked = set(
        UnitWebhook.objects.filter(
            active=True, unit_id__in={w.unit_id for w in wanted}
        ).values_list("unit_id", flat=True)
    )
    notices += [_notice(w, recipient_id=None) for w in wanted if w.unit_id in hooked]
    existing = selectors.existing_keys({n.kind for n in notices}, (n.occasion_on for n in notices))
    fresh: dict[Key, Notice] = {}
    for n in notices:
        if _key(n) not in existing:
            fresh.setdefault(_key(n), n)
    if not digests:
        return list(fresh.values()), people
    digested, readers = _digests(as_of)
    people.update(readers)
    return [*fresh.values(), *digested], people


def _digests(as_of: date) -> tuple[list[Notice], dict[int, plan.Person]]:
    """The weekly digests due (the reader's digest day on or before `as_of`, not recorded
    yet), their content computed only for those."""
    readers = [r for r in selectors.digest_readers() if plan.DIGEST not in r.person.muted]
    occasions = {r.person.id: plan.digest_due(r.person.digest_weekday, as_of) for r in readers}
    readers = [r for r in readers if occasions[r.person.id] is not None]
    existing = selectors.existing_keys([plan.DIGEST], (d for d in occasions.values() if d))
    done = {(occasion, recipient) for _k, _s, occasion, recipient, _u in existing}
    memo = Memo()
    out, people = [], {}
    for reader in readers:
        occasion = occasions[reader.person.id]
        if occasion is None or (occasion, reader.person.id) in done:
            continue
        units = [digest_facts(unit, occasion, memo) for unit in reader.units]
        people[reader.person.id] = reader.person
        out.append(
            Notice(
                kind=NoticeKind.DIGEST,
                subject="digest",
                occasion_on=occasion,
                recipient_id=reader.person.id,
                unit_id=reader.units[0].pk,
                facts={"units": units},
            )
        )
    return out, people


def remind(
    *,
    as_of: date,
    dry_run: bool = False,
    options: RemindOptions | None = None,
    digests: bool = True,
) -> Recorded:
    """Record the notices due on `as_of` that are not recorded yet and send them (e-mail
    to those who want it, the units' webhooks); then retry earlier deliveries that
    failed and are due again. With `dry_run`, record and send nothing: say what would be.
    `digests` off: no weekly digest (a replay of old days)."""
    options = options or RemindOptions.from_settings()
    notices, people = due_notices(as_of, options, digests=digests)
    result = Recorded(as_of, notices)
    if dry_run:
        return result
    with transaction.atomic():
        Notice.objects.bulk_create(notices, batch_size=500)
        deliveries = [
            Delivery(notice=n, channel=Channel.EMAIL)
            for n in notices
            if n.recipient_id is not None
            and people[n.recipient_id].by_email
            and people[n.recipient_id].email
        ]
        deliveries += [
            Delivery(notice=n, channel=Channel.WEBHOOK) for n in notices if n.recipient_id is None
        ]
        Delivery.objects.bulk_create(deliveries, batch_size=500)
    sent = deliveries_send(now=timezone.now())
    result.emails, result.webhooks, result.failed = sent.emails, sent.webhooks, sent.failed
    return result


@dataclass
class Sent:
    emails: int = 0
    webhooks: int = 0
    failed: list[str] = field(default_factory=list)


def _claim(delivery: Delivery) -> bool:
    """Take a pending delivery for this run (a concurrent run does not send it too)."""
    return bool(
        Delivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
        ).update(attempts=F("attempts") + 1)
    )


def _due_deliveries(channel: str, now: datetime) -> list[Delivery]:
    return list(
        Delivery.objects.filter(channel=channel, status=DeliveryStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .select_related("notice", "notice__recipient", "notice__unit")
        .order_by("notice__recipient_id", "notice_id", "id")
    )


def deliveries_send(*, now: datetime) -> Sent:
    """Send every pending delivery that is due: each person's e-mails of the run as one
    message (a digest as its own), each webhook notice as one signed POST."""
    sent = Sent()
    site = settings.STEERCO_SITE_URL.rstrip("/")
    by_person: dict[int, list[Delivery]] = defaultdict(list)
    for d in _due_deliveries(Channel.EMAIL, now):
        by_person[d.notice.recipient_id or 0].append(d)
    languages = dict(
        NoticePreference.objects.filter(user_id__in=list(by_person)).values_list(
            "user_id", "language"
        )
    )
    connection = get_connection()
    for person_id, group in by_person.items():
        user = group[0].notice.recipient
        if user is None or not user.is_active or not user.email:
            Delivery.objects.filter(pk__in=[d.pk for d in group]).update(
                status=DeliveryStatus.FAILED, last_error="no active recipient with an address"
            )
            continue
        language = languages.get(person_id, settings.LANGUAGE_CODE)
        digests = [d for d in group if d.notice.kind == NoticeKind.DIGEST]
        others = [d for d in group if d.notice.kind != NoticeKind.DIGEST]
        for batch in [others, *[[d] for d in digests]]:
            batch = [d for d in batch if _claim(d)]
            if not batch:
                continue
            message = message_for(
                [d.notice for d in batch],
                to=user.email,
                language=language,
                site_url=site,
                connection=connection,
            )
            try:
                message.send()
            except OSError as exc:  # SMTP down: try again at the next run
                _retry_later(
                    [d.pk for d in batch], now, str(exc), max(d.attempts for d in batch) + 1
                )
                sent.failed.append(f"e-mail to {user.get_username()}: {exc}")
                continue
            Delivery.objects.filter(pk__in=[d.pk for d in batch]).update(
                status=DeliveryStatus.SENT, sent_at=now
            )
            sent.emails += 1
    hooks = {h.unit_id: h for h in UnitWebhook.objects.filter(active=True)}
    for d in _due_deliveries(Channel.WEBHOOK, now):
        hook = hooks.get(d.notice.unit_id)
        if hook is None or not _claim(d):
            continue
        attempted = webhooks.post(
            hook.url,
            hook.secret,
            webhook_payload(d.notice, site, now),
            retries=settings.STEERCO_WEBHOOK_RETRIES,
            backoff_seconds=settings.STEERCO_WEBHOOK_BACKOFF_SECONDS,
        )
        if attempted.ok:
            Delivery.objects.filter(pk=d.pk).update(status=DeliveryStatus.SENT, sent_at=now)
            sent.webhooks += 1
        else:
            _retry_later([d.pk], now, attempted.error, d.attempts + 1)
            sent.failed.append(f"webhook of {d.notice.unit.code}: {attempted.error}")
    return sent


def _retry_later(ids: Sequence[int], now: datetime, error: str, attempts: int) -> None:
    """Pending again, after a pause that doubles with each run that failed (up to
    STEERCO_DELIVERY_MAX_ATTEMPTS runs; then failed for good)."""
    if attempts >= settings.STEERCO_DELIVERY_MAX_ATTEMPTS:
        Delivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.FAILED, last_error=error[:1000]
        )
        return
    pause = timedelta(minutes=15 * 2 ** max(0, attempts - 1))
    Delivery.objects.filter(pk__in=ids).update(next_attempt_at=now + pause, last_error=error[:1000])


def webhook_payload(notice: Notice, site: str, now: datetime) -> dict[str, Any]:
    """The JSON a unit's webhook receives: the facts and a sentence in Vietnamese (the
    unit's language; an English one too)."""
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            texts[language] = {"title": notice_title(notice), "text": notice_text(notice)}
    return {
        "id": notice.pk,
        "kind": notice.kind,
        "occasion_on": notice.occasion_on.isoformat(),
        "unit": {"code": notice.unit.code, "name": notice.unit.name},
        "task_id": notice.task_id,
        "url": f"{site}/tasks/{notice.task_id}/" if notice.task_id else None,
        "facts": notice.facts,
        "text": texts,
        "sent_at": now.isoformat(),
    }


# --- the inbox and preferences -------------------------------------------------------


def notices_mark_read(*, user: Any, ids: Sequence[int] | None = None, now: datetime) -> int:
    """Mark the user's notices read (those of `ids`, or all); returns how many changed."""
    qs = Notice.objects.unread_for(user)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=now)


def preference_set(
    *,
    user: Any,
    muted: Sequence[str],
    email: bool,
    digest_weekday: int,
    language: str,
) -> NoticePreference:
    kinds = set(NoticeKind.values)
    unknown = set(muted) - kinds
    if unknown:
        raise ValueError(f"unknown kinds of notices: {', '.join(sorted(unknown))}")
    if language not in {code for code, _ in settings.LANGUAGES}:
        raise ValueError(f"unknown language {language!r}")
    if not 0 <= digest_weekday <= 6:
        raise ValueError("the digest's day is 0 (Monday) to 6 (Sunday)")
    pref, _created = NoticePreference.objects.update_or_create(
        user=user,
        defaults={
            "muted": sorted(set(muted)),
            "email": email,
            "digest_weekday": digest_weekday,
            "language": language,
        },
    )
    return pref


def webhook_set(*, unit: Unit, url: str, secret: str, active: bool = True) -> UnitWebhook:
    if not url.startswith(("https://", "http://")):
        raise ValueError("a webhook's address is an http(s) URL")
    if len(secret) < 16:
        raise ValueError("a webhook's shared secret has at least 16 characters")
    hook, _created = UnitWebhook.objects.update_or_create(
        unit=unit, defaults={"url": url, "secret": secret, "active": active}
    )
    return hook


@dataclass(frozen=True)
class Replayed:
    first: date
    last: date
    notices: int

    def line(self) -> str:
        return (
            f"reminders: {self.notices} notices from {self.first} to {self.last} "
            "(steerco remind over the history)"
        )


HISTORY_DAYS = 364


def remind_history(*, last: date, daily_from: date, first: date | None = None) -> Replayed:
    """What cron would have sent from `first` (by default the day the first task was
    assigned, at most HISTORY_DAYS back) to `last`: `remind` every day from `daily_from`, and before it once a week with the catch-up set to the week (so every
    overdue alert, 7-day reminder, new task and waiting item is told, once; a 1-day
    reminder or a report reminder may fall between two runs) and without the weekly
    digests (a digest is of its week: only the recent ones are worth reading). The demo
    fills its accounts' inboxes so."""
    if first is None:
        earliest = Task.objects.aggregate(first=Min("assigned_on"))["first"] or last
        first = max(earliest, last - timedelta(days=HISTORY_DAYS))
    options = RemindOptions.from_settings()
    weekly = RemindOptions(options.days_before, options.report_days_before, 7, options.cutoff_day)
    total, day = 0, first
    while day < daily_from:
        total += len(remind(as_of=day, options=weekly, digests=False).notices)
        day += timedelta(days=7)
    day = daily_from
    while day <= last:
        total += len(remind(as_of=day, options=options).notices)
        day += timedelta(days=1)
    return Replayed(first, last, total)
