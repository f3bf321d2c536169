"""Sign-in lockout (django-axes): the client's address as the lockout counts it, and the
unlock that `steerco unlock` runs.

Failures are counted per account and, separately, per address
(`AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]`); after
`STEERCO_LOGIN_FAILURE_LIMIT` failures that account or that address is refused for
`STEERCO_LOGIN_COOLOFF_MINUTES`, even with the right password.
"""

from __future__ import annotations

from axes.utils import reset
from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address a request came from: REMOTE_ADDR, or — behind
    `STEERCO_TRUSTED_PROXIES` reverse proxies that append to X-Forwarded-For — the entry
    that many places from its end (what the nearest untrusted hop sent)."""
    proxies = int(settings.STEERCO_TRUSTED_PROXIES)
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    remote = request.META.get("REMOTE_ADDR")
    return str(remote) if remote else None


def unlock(*, username: str | None = None, ip: str | None = None) -> int:
    """Forget the failed sign-ins of an account and/or an address; the number removed."""
    removed = 0
    if username:
        removed += int(reset(username=username))
    if ip:
        removed += int(reset(ip=ip))
    return removed
