"""What a notice says, in the active language (the inbox's reader's, an e-mail's
recipient's): one sentence from its kind and the facts recorded with it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Notice, NoticeKind


def _day(value: str | None) -> str:
    return date.fromisoformat(value).strftime("%d/%m/%Y") if value else "—"


def task_name(facts: dict[str, Any]) -> str:
    """ "57-NQ/TW II.3" — the directive's symbol and the task's reference."""
    return " ".join(part for part in (facts.get("symbol"), facts.get("reference")) if part)


def notice_title(notice: Notice) -> str:
    """The notice's headline."""
    f = notice.facts
    kind = notice.kind
    if kind == NoticeKind.DEADLINE_SOON:
        left = int(f.get("days_left", 0))
        if left == 0:
            return _("Deadline today: %(day)s") % {"day": _day(f.get("due_on"))}
        return ngettext(
            "Deadline in %(n)d day: %(day)s",
            "Deadline in %(n)d days: %(day)s",
            left,
        ) % {"n": left, "day": _day(f.get("due_on"))}
    if kind == NoticeKind.OVERDUE:
        return _("Overdue since %(day)s") % {"day": _day(notice.occasion_on.isoformat())}
    if kind == NoticeKind.REPORT_DUE:
        return _("Periodic report due by the cut-off, %(day)s") % {"day": _day(f.get("cutoff_on"))}
    if kind == NoticeKind.AWAITING_ACCEPTANCE:
        return _("Completion reported on %(day)s awaits your acceptance") % {
            "day": _day(f.get("since"))
        }
    if kind == NoticeKind.EXTENSION_PENDING:
        return _("Extension to %(new)s requested on %(day)s awaits your decision") % {
            "new": _day(f.get("new_due_on")),
            "day": _day(f.get("since")),
        }
    if kind == NoticeKind.ASSIGNED:
        if f.get("due_on"):
            return _("New task assigned to %(unit)s, due %(day)s") % {
                "unit": f.get("lead_unit", ""),
                "day": _day(f.get("due_on")),
            }
        return _("New task assigned to %(unit)s") % {"unit": f.get("lead_unit", "")}
    if kind == NoticeKind.DIGEST:
        return _("Weekly digest, %(day)s") % {"day": _day(notice.occasion_on.isoformat())}
    return str(kind)


def notice_text(notice: Notice) -> str:
    """The headline and the task it is about, on one line."""
    title = notice_title(notice)
    if notice.kind == NoticeKind.DIGEST:
        sections = notice.facts.get("units", [])
        counts = [
            _(
                "%(unit)s: %(overdue)d newly overdue, %(acceptance)d completions and "
                "%(extensions)d extensions waiting, %(units)d units did not report"
            )
            % {
                "unit": s["unit"],
                "overdue": s["new_overdue"]["count"],
                "acceptance": s["pending_acceptance"]["count"],
                "extensions": s["pending_extensions"]["count"],
                "units": s["not_reported"]["count"],
            }
            for s in sections
        ]
        return f"{title} — " + "; ".join(counts) if counts else title
    content = notice.facts.get("content", "")
    return f"{title} — {task_name(notice.facts)}: {content[:160]}"
