from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import get_language

from steerco.directives.models import Directive
from steerco.scoring.scope import ALL, Scope, scope_for


def today() -> date:
    return timezone.localdate()


def lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def as_of_or_today(value: date | None) -> date:
    return value or today()


def scope_from(directive_id: int | None) -> tuple[Scope, Directive | None]:
    """All tasks, or one directive and everything implementing it."""
    if not directive_id:
        return ALL, None
    directive = Directive.objects.filter(pk=directive_id).first()
    if directive is None:
        return ALL, None
    return scope_for(directive, with_implementing=True), directive


def is_htmx(request) -> bool:  # type: ignore[no-untyped-def]
    return request.headers.get("HX-Request") == "true"
