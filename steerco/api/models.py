"""The API's own rows: the idempotency keys of its writes (`steerco/api/idempotency.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """What a write sent with an `Idempotency-Key` header answered, kept for
    `STEERCO_API_IDEMPOTENCY_HOURS`: the same key from the same user with the same request
    is answered again from here, without writing twice; the same key with another request
    is refused. Only successful answers are kept (a refused write wrote nothing)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="+",
        verbose_name=_("account"),
    )
    key = models.CharField(_("key"), max_length=255)
    # SHA-256 of the method, the path and the request's body as parsed (canonical JSON).
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_per_user"),
        ]
        indexes = [models.Index(fields=["created_at"], name="api_idempotency_created")]

    def __str__(self) -> str:
        return f"{self.key} — {self.user_id}"
