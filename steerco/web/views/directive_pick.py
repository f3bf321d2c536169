"""The directive picker's search (directive_picker.py): the directives the user may open
matching what they typed, as JSON for static/web/directive_picker.js."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from ..directive_picker import search_directives
from ..typing import AuthenticatedHttpRequest

MAX_QUERY = 100


@require_GET
@login_required
def directive_pick(request: AuthenticatedHttpRequest) -> JsonResponse:
    """`?q=`: at most 20 directives among those the user may open (visible_directives_q:
    nothing for a user without a role) whose symbol or title contains it, diacritics
    ignored. A longer text is cut, never an error: this answers keystrokes."""
    text = request.GET.get("q", "")[:MAX_QUERY]
    found = search_directives(request.user, text)
    return JsonResponse(
        {"results": [{"symbol": d.symbol, "title": d.title[:160]} for d in found]},
        headers={"Cache-Control": "private, max-age=60"},
    )
