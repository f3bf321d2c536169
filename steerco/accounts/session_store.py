"""Sessions kept in the database, as Django's `db` engine keeps them; the session of
every request read by one statement compiled once (`steerco.lib.compiled`) instead of a
queryset compiled for each request (SESSION_ENGINE = "steerco.accounts.session_store")."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from steerco.lib.compiled import run_compiled


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        model = self.model
        rows = run_compiled(
            "live session",
            lambda key, now: (
                model.objects.filter(session_key=key, expire_date__gt=now)
                .values_list("session_data")
                .order_by()
            ),
            {"key": str(self.session_key), "now": timezone.now()},
        )
        if not rows:
            self._session_key = None
            return None
        return model(session_key=str(self.session_key), session_data=rows[0][0])
