"""Session lifetimes: a session ends after `STEERCO_SESSION_IDLE_MINUTES` without a request
and `STEERCO_SESSION_MAX_HOURS` after signing in, whatever was done since.

The times live in the session itself: when it signed in (set at sign-in) and when it was
last seen (written at most once a minute, so a page does not write the session each
time). `steerco.web.signin.SessionLifetimeMiddleware` asks `session_expired` on every
signed-in request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

SIGNED_IN_AT = "steerco_signed_in_at"
SEEN_AT = "steerco_seen_at"
TOUCH_SECONDS = 60  # how stale the last-seen time may get before it is written


def session_started(session: SessionBase, now: float) -> None:
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def session_expired(session: SessionBase, now: float) -> bool:
    """Whether the signed-in session has outlived its idle or absolute limit; if not, it
    is marked seen now (written when the mark is a minute old)."""
    started = session.get(SIGNED_IN_AT)
    seen = session.get(SEEN_AT)
    if started is None or seen is None:  # a session from before these limits
        session_started(session, now if started is None else started)
        return False
    idle = settings.STEERCO_SESSION_IDLE_MINUTES * 60
    lifetime = settings.STEERCO_SESSION_MAX_HOURS * 3600
    if now - seen > idle or now - started > lifetime:
        return True
    if now - seen >= TOUCH_SECONDS:
        session[SEEN_AT] = now
    return False


def on_signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """user_logged_in: the session's clock starts at sign-in."""
    from django.utils import timezone

    session = getattr(request, "session", None)
    if session is not None:
        session_started(session, timezone.now().timestamp())


def sessions_end(user: Any) -> int:
    """End every session the account is signed in with (a deactivated official is signed
    out everywhere at once); the number ended. Sessions kept in the database
    (`SESSION_ENGINE` db or cached_db) are read one by one — an account's deactivation is
    rare, and sessions live `STEERCO_SESSION_MAX_HOURS` at most. With other engines the
    account's next request finds it inactive, which signs it out all the same."""
    from importlib import import_module

    from django.utils import timezone

    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    model = store.get_model_class()
    ended = 0
    live = model.objects.filter(expire_date__gt=timezone.now()).order_by("pk")
    for row in live.iterator():
        if store().decode(row.session_data).get("_auth_user_id") == str(user.pk):
            store(row.session_key).delete()
            ended += 1
    return ended
