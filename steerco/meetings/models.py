"""A steering committee's meetings: agenda, attendance, the chair's conclusions, the pack
the committee read (frozen when the meeting is marked held) and the concluding notice
(thông báo kết luận) issued from it as a directive of kind notice whose tasks are the
confirmed assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Cadence, Directive, Task
from steerco.units.models import Unit


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    HELD = "held", _("held")
    NOTICE_ISSUED = "notice_issued", _("notice issued")


class Meeting(models.Model):
    committee = models.ForeignKey(
        Unit, models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    number = models.PositiveSmallIntegerField(_("meeting number"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair_name = models.CharField(_("chair"), max_length=255, blank=True)
    chair_title = models.CharField(_("chair's title"), max_length=255, blank=True)
    present = models.TextField(_("members present"), blank=True, help_text=_("one per line"))
    absent = models.TextField(_("members absent"), blank=True, help_text=_("one per line"))
    invited_units = models.ManyToManyField(
        Unit, blank=True, related_name="meetings_invited", verbose_name=_("invited units")
    )
    directives = models.ManyToManyField(
        Directive, blank=True, related_name="meetings", verbose_name=_("directives discussed")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    # What the committee read, frozen when the meeting is marked held (meetings.pack).
    pack = models.JSONField(null=True, blank=True, editable=False)
    notice = models.OneToOneField(
        Directive,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_concluded",
        verbose_name=_("concluding notice"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["committee", "-held_on", "-number", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="meeting_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(pack__isnull=False), name="meeting_held_has_pack"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.code} #{self.number} ({self.held_on:%d/%m/%Y})"

    @property
    def chair(self) -> str:
        """The chair's name as typed; without one, the committee's member titled head (the
        one present, else the committee's), or "" when it has none."""
        if self.chair_name:
            return self.chair_name
        heads = CommitteeMember.objects.filter(
            committee_id=self.committee_id, title=MemberTitle.HEAD
        ).select_related("user")
        head = heads.filter(attendance__meeting=self, attendance__present=True).first()
        head = head or heads.order_by("order", "pk").first()
        return head.name if head is not None else ""


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="agenda", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.TextField(_("title"))
    presenting_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenting unit"),
    )
    document = models.FileField(
        _("document"), upload_to="meetings/%Y/%m/", max_length=500, blank=True
    )
    document_name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class ConclusionKind(models.TextChoices):
    STATEMENT = "statement", _("statement")
    ASSIGNMENT = "assignment", _("assignment")


class Conclusion(models.Model):
    """One of the chair's conclusions: a statement (an assessment, a direction) or an
    assignment — a task draft with the five clears, which becomes a task of the notice."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="conclusions", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=16, choices=ConclusionKind.choices)
    text = models.TextField(_("text"))
    lead_unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lead unit")
    )
    coordinating_units = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name=_("coordinating units")
    )
    deadline_text = models.CharField(_("deadline as written"), max_length=255, blank=True)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    recurring = models.BooleanField(_("recurring"), default=False)
    cadence = models.CharField(_("cadence"), max_length=16, choices=Cadence.choices, blank=True)
    expected_product = models.TextField(_("expected product"), blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=255, blank=True)
    task = models.OneToOneField(
        Task,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="conclusion",
        verbose_name=_("task"),
    )

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="conclusion_order_unique"),
            models.CheckConstraint(
                condition=Q(kind="statement") | Q(lead_unit__isnull=False),
                name="conclusion_assignment_has_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:60]}"


class MemberTitle(models.TextChoices):
    """A member's title on the committee (trưởng ban, phó trưởng ban, thành viên)."""

    HEAD = "head", _("Head of the committee")
    DEPUTY_HEAD = "deputy_head", _("Deputy head")
    MEMBER = "member", _("Member")


class CommitteeMember(models.Model):
    """A member of a steering committee: a user holding a role on the committee (a role on
    the committee unit or on a unit above it, which covers it) and their title. The name
    shown is the account's; official records replace it once the people's accounts exist."""

    committee = models.ForeignKey(
        Unit, models.CASCADE, related_name="committee_members", verbose_name=_("committee")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="committee_seats",
        verbose_name=_("user"),
    )
    title = models.CharField(_("title"), max_length=16, choices=MemberTitle.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["committee", "order", "pk"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="committee_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.get_title_display()}"

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Attendance(models.Model):
    """Whether a committee member was present at a meeting (absent otherwise)."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        CommitteeMember, models.CASCADE, related_name="attendance", verbose_name=_("member")
    )
    present = models.BooleanField(_("present"))

    class Meta:
        ordering = ["meeting", "member__order", "member__pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {'present' if self.present else 'absent'}"
