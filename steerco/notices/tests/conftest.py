"""A webhook receiver on 127.0.0.1 that checks each request's signature."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from steerco.notices.webhooks import SIGNATURE_HEADER, verify

SECRET = "secret-shared-with-the-chat-bot"


@dataclass
class Receiver:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    refused: int = 0
    fail_first: int = 0  # answer 503 to this many requests first


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    import json

    state: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            r = state["r"]
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if r.fail_first > 0:
                r.fail_first -= 1
                self.send_response(503)
                self.end_headers()
                return
            if not verify(SECRET, body, self.headers.get(SIGNATURE_HEADER, "")):
                r.refused += 1
                self.send_response(401)
                self.end_headers()
                return
            r.received.append(json.loads(body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["r"] = Receiver(f"http://127.0.0.1:{server.server_address[1]}/hook")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state["r"]
    finally:
        server.shutdown()
        server.server_close()
