"""A unit's webhook: the notice as JSON, signed with HMAC-SHA256 over the unit's shared
secret, posted with retries and a growing pause between them.

The receiver checks `X-Steerco-Signature: sha256=<hex>` against
`hmac.new(secret, body, sha256)` (`signature`), and may refuse a request whose
`X-Steerco-Timestamp` is old; the timestamp is inside the signed body too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SIGNATURE_HEADER = "X-Steerco-Signature"
TIMESTAMP_HEADER = "X-Steerco-Timestamp"


def body_of(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature(secret: str, body: bytes) -> str:
    """The value of the signature header for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does: compare the header with the body's signature in constant time."""
    return hmac.compare_digest(signature(secret, body), header or "")


@dataclass(frozen=True)
class Attempted:
    ok: bool
    attempts: int
    error: str = ""


def post(
    url: str,
    secret: str,
    payload: dict[str, Any],
    *,
    retries: int,
    backoff_seconds: float,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Attempted:
    """POST the signed payload; on a network error or a status other than 2xx, try again
    up to `retries` more times, pausing backoff, 2 x backoff, 4 x backoff..."""
    body = body_of(payload)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        SIGNATURE_HEADER: signature(secret, body),
        TIMESTAMP_HEADER: str(payload.get("sent_at", "")),
        "User-Agent": "steerco-notices",
    }
    error = ""
    for attempt in range(retries + 1):
        if attempt:
            sleep(backoff_seconds * 2 ** (attempt - 1))
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - an administrator's http(s) address
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                if 200 <= response.status < 300:
                    return Attempted(True, attempt + 1)
                error = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            error = f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            error = str(getattr(exc, "reason", exc))[:500]
    return Attempted(False, retries + 1, error)
