"""What steerco tells people: notices (one thing told to one person, or to one unit's
webhook, about one occasion), their deliveries by e-mail and webhook, each unit's
webhook and each user's preferences.

A notice's key is (kind, subject, occasion, recipient) — or (kind, subject, occasion,
unit) for a unit's webhook — unique in the database, so `steerco remind` run twice on a
day (or a day later over the same history) records nothing twice.

A notice asking someone to act is *settled* once nothing is left to do (`settled_q`): an
"awaiting acceptance" alert once that completion was accepted or returned (or the task
completed again, or cancelled), an "extension pending" alert once the request was decided,
a "deadline coming" or "overdue" reminder once the task is reported completed or
cancelled (a returned completion opens it again), a "deadline coming" one also once the
deadline in force has passed (the "overdue" reminder takes over). Settled notices stay in the inbox,
marked as settled, but no longer count as unread: a stale alert never waits for a
"mark read" forever. Nothing is written when a notice settles: it is read from the tasks'
and requests' current state, so it is never out of date.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Task, TaskState
from steerco.progress.actions import awaiting_acceptance_q
from steerco.progress.models import Extension, ProgressUpdate
from steerco.units.models import Unit


class NoticeKind(models.TextChoices):
    DEADLINE_SOON = "deadline_soon", _("deadline coming")
    OVERDUE = "overdue", _("task overdue")
    REPORT_DUE = "report_due", _("periodic report due")
    AWAITING_ACCEPTANCE = "awaiting_acceptance", _("completion awaiting acceptance")
    EXTENSION_PENDING = "extension_pending", _("extension awaiting a decision")
    ASSIGNED = "assigned", _("task assigned")
    DIGEST = "digest", _("weekly digest")


# The kinds of notices that ask someone to act on a task or a request, and so settle.
SETTLING = (
    NoticeKind.AWAITING_ACCEPTANCE,
    NoticeKind.EXTENSION_PENDING,
    NoticeKind.DEADLINE_SOON,
    NoticeKind.OVERDUE,
)


def open_q(today: date | None = None) -> Q:
    """Notices whose occasion still asks for something (see the module's docstring): every
    notice of a kind that does not settle, and those of the settling kinds still waiting
    (`today`: the site's date by default)."""
    return (
        ~Q(kind__in=SETTLING)
        | (
            Q(kind=NoticeKind.AWAITING_ACCEPTANCE, task__completed_on=F("occasion_on"))
            & awaiting_acceptance_q("task__")
        )
        | Q(
            kind=NoticeKind.EXTENSION_PENDING,
            extension__decision__isnull=True,
            task__cancelled_on__isnull=True,
        )
        | Q(
            kind__in=(NoticeKind.DEADLINE_SOON, NoticeKind.OVERDUE),
            task__state__in=(TaskState.NOT_STARTED, TaskState.IN_PROGRESS),
            task__cancelled_on__isnull=True,
        )
        & ~Q(kind=NoticeKind.DEADLINE_SOON, task__due_on__lt=today or timezone.localdate())
    )


class NoticeQuerySet(models.QuerySet["Notice"]):
    def unread_for(self, user: object) -> NoticeQuerySet:
        """The user's inbox notices not read yet (the partial index `notice_unread`),
        settled ones included (marking read marks them too)."""
        return self.filter(recipient=user, read_at__isnull=True)

    def unread_open_for(self, user: object, today: date | None = None) -> NoticeQuerySet:
        """The user's unread notices that still ask for something: what the unread count
        counts."""
        return self.unread_for(user).filter(open_q(today))

    def with_settled(self) -> NoticeQuerySet:
        """Each notice with `settled`: its occasion no longer asks anything."""
        return self.annotate(settled=Case(When(open_q(), then=Value(False)), default=Value(True)))


class Notice(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=NoticeKind.choices)
    # What the notice is about, as a key: "task:12", "extension:3", "update:99", "digest".
    subject = models.CharField(max_length=40)
    # The day the notice is for: the reminder's day (deadline - N), the first day overdue,
    # the period's cut-off, the request's or completion's date, the digest's day.
    occasion_on = models.DateField(_("for"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("recipient"),
    )
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+", verbose_name=_("unit"))
    task = models.ForeignKey(Task, models.CASCADE, null=True, blank=True, related_name="+")
    extension = models.ForeignKey(
        Extension, models.CASCADE, null=True, blank=True, related_name="+"
    )
    update = models.ForeignKey(
        ProgressUpdate, models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The facts the notice states, as they were when it was recorded (plain JSON).
    facts = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-occasion_on", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread"
            ),
            models.Index(fields=["recipient", "-occasion_on", "-id"], name="notice_inbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "occasion_on", "recipient"],
                condition=Q(recipient__isnull=False),
                name="notice_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["kind", "subject", "occasion_on", "unit"],
                condition=Q(recipient__isnull=True),
                name="notice_once_per_unit_webhook",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.subject} {self.occasion_on} → {self.recipient_id or self.unit_id}"
        )


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    WEBHOOK = "webhook", _("webhook")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Delivery(models.Model):
    """A notice sent (or to be sent) by e-mail or to a unit's webhook."""

    notice = models.ForeignKey(Notice, models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_pending",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["notice", "channel"], name="delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.channel} {self.status}"


class UnitWebhook(models.Model):
    """Where a unit's notices are posted (JSON, signed with HMAC-SHA256 over `secret`), e.g.
    a relay to the office's chat bot."""

    unit = models.OneToOneField(Unit, models.CASCADE, related_name="webhook")
    url = models.URLField(_("address"), max_length=500)
    secret = models.CharField(_("shared secret"), max_length=200)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit webhook")
        verbose_name_plural = _("unit webhooks")

    def __str__(self) -> str:
        return f"{self.unit} → {self.url}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class NoticePreference(models.Model):
    """What a user wants to be told and how; no row means the defaults (every kind, inbox
    and e-mail, the digest on Monday, in Vietnamese)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notice_preference"
    )
    # The kinds the user does not want (NoticeKind values).
    muted = models.JSONField(_("kinds turned off"), default=list, blank=True)
    email = models.BooleanField(_("also by e-mail"), default=True)
    digest_weekday = models.PositiveSmallIntegerField(
        _("weekly digest on"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    language = models.CharField(
        _("language of notices"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_weekday__lte=6), name="notice_preference_weekday"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.language}"
