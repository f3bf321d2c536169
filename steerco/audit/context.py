"""Who is acting, for the audit trail: a context variable set around each request (the
middleware) and around a command's work (`acting_as`). Outside both, the system acts.

The request itself is kept, not its user: `request.user` is read when an event is
recorded, so a sign-in during the request (or a page that never touches the user) costs
nothing and the event names whoever is signed in by then.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .models import AuditSource


@dataclass(frozen=True)
class Acting:
    source: str
    user: Any = None  # a user, or None: the system
    request: Any = None  # an HttpRequest: its user, when signed in, is the actor

    def actor(self) -> Any:
        if self.request is not None:
            user = getattr(self.request, "user", None)
            return user if user is not None and user.is_authenticated else None
        return self.user


SYSTEM = Acting(AuditSource.SYSTEM)

_acting: ContextVar[Acting] = ContextVar("steerco_audit_acting", default=SYSTEM)


def current() -> Acting:
    return _acting.get()


@contextmanager
def acting_as(user: Any, source: str = AuditSource.CLI) -> Iterator[None]:
    """Record the changes made in the block as `user`'s (None: the system's), through
    `source` (an `AuditSource`: a management command says "cli")."""
    if source not in AuditSource.values:
        raise ValueError(f"unknown audit source {source!r}; expected one of {AuditSource.values}")
    token = _acting.set(Acting(source, user=user))
    try:
        yield
    finally:
        _acting.reset(token)


@contextmanager
def acting_for_request(request: Any, source: str) -> Iterator[None]:
    token = _acting.set(Acting(source, request=request))
    try:
        yield
    finally:
        _acting.reset(token)
