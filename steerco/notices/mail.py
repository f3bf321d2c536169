"""E-mail of notices through Django's mail framework (the console backend unless the
settings name SMTP): one message per person and run with their new notices, plain text
and HTML, in the person's language; the digest in a message of its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Notice, NoticeKind
from .texts import notice_text


def message_for(
    notices: Sequence[Notice], *, to: str, language: str, site_url: str, connection: Any = None
) -> EmailMultiAlternatives:
    with translation.override(language):
        digest = len(notices) == 1 and notices[0].kind == NoticeKind.DIGEST
        if digest:
            subject = _("steerco: weekly digest for %(day)s") % {
                "day": notices[0].occasion_on.strftime("%d/%m/%Y")
            }
        else:
            subject = ngettext(
                "steerco: %(n)d new reminder or alert",
                "steerco: %(n)d new reminders and alerts",
                len(notices),
            ) % {"n": len(notices)}
        context: dict[str, Any] = {
            "items": [
                {"notice": n, "text": notice_text(n), "url": _link(n, site_url)} for n in notices
            ],
            "digest": notices[0].facts if digest else None,
            "inbox_url": f"{site_url}/inbox/",
            "preferences_url": f"{site_url}/inbox/preferences/",
            "LANGUAGE_CODE": language,
        }
        text = render_to_string("notices/email/notices.txt", context)
        html = render_to_string("notices/email/notices.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message


def _link(notice: Notice, site_url: str) -> str:
    if notice.task_id:
        return f"{site_url}/tasks/{notice.task_id}/"
    return f"{site_url}/inbox/"
