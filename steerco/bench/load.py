"""The load client: a second process that posts progress updates to a running server
through its real login and report form, at a bounded concurrency, and says what
happened as JSON on stdout. No Django here: it sees steerco only over HTTP.

    python -m steerco.bench.load PLAN.json

PLAN.json: {"url": ..., "users": [{"username", "password", "tasks": [ids]}],
"concurrency": 16, "seconds": 10, "max_requests": 0, "reported_on": "YYYY-MM-DD"}
Output: {"accepted": [idempotency keys], "latencies_ms": [...], "errors": {status: n},
"seconds": elapsed, "requests": n}

HTTP/1.1 is spoken directly over asyncio streams (one connection per concurrent
poster, kept while the server keeps it alive): the client shares the server's
machine, and a general-purpose client spent ~3.5 ms of CPU per request, a quarter of
what the server spent serving it.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import secrets
import string
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

ALNUM = string.ascii_letters + string.digits
TIMEOUT = 60


class HTTPError(Exception):
    """The connection failed or the server answered something that is not HTTP/1.x."""


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]  # names lower-cased, in order
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k == name), "")

    def cookie(self, name: str) -> str | None:
        # Cookies are read by hand: with DEBUG off they are marked Secure, and a cookie
        # jar would not send them back over plain HTTP on 127.0.0.1.
        for key, header in self.headers:
            if key == "set-cookie":
                first = header.split(";", 1)[0]
                k, _, value = first.partition("=")
                if k.strip() == name:
                    return value.strip()
        return None


class Connection:
    """One HTTP/1.1 connection, reopened when the server closes it after a response."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise SystemExit(f"the load client speaks plain http only: {url}")
        self.host = parts.hostname
        self.port = parts.port or 80
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, form: dict[str, str], cookie: str) -> Response:
        body = urlencode(form).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nCookie: {cookie}\r\n\r\n"
        ).encode("latin-1")
        return await self._send(head + body)

    async def get(self, path: str, cookie: str, etag: str = "") -> Response:
        """A GET as a browser sends it: accepting a gzipped answer (GZipMiddleware); with
        `etag`, a reload of the page it holds under that tag (If-None-Match)."""
        condition = f"If-None-Match: {etag}\r\n" if etag else ""
        head = (
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Accept-Encoding: gzip\r\n{condition}Cookie: {cookie}\r\n\r\n"
        ).encode("latin-1")
        return await self._send(head)

    async def _send(self, request: bytes) -> Response:
        reused = self.streams is not None
        try:
            return await asyncio.wait_for(self._exchange(request), TIMEOUT)
        except HTTPError:
            if not reused:
                raise
        # A kept-alive connection the server had already closed: once more on a new one.
        return await asyncio.wait_for(self._exchange(request), TIMEOUT)

    async def _exchange(self, request: bytes) -> Response:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        try:
            writer.write(request)
            await writer.drain()
            response = await self._read(reader)
        except (OSError, asyncio.IncompleteReadError, HTTPError, ValueError) as exc:
            self.close()
            raise HTTPError(f"{type(exc).__name__}: {exc}") from exc
        except BaseException:
            self.close()
            raise
        if response.header("connection").lower() == "close":
            self.close()
        return response

    async def _read(self, reader: asyncio.StreamReader) -> Response:
        status_line = await reader.readline()
        version, _, rest = status_line.decode("latin-1").partition(" ")
        if not version.startswith("HTTP/1."):
            raise HTTPError(f"not an HTTP response: {status_line[:80]!r}")
        status = int(rest[:3])
        headers = []
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name.strip().lower(), value.strip()))
        response = Response(status, headers, b"")
        if response.header("transfer-encoding").lower() == "chunked":
            chunks = []
            while size := int((await reader.readline()).split(b";")[0], 16):
                chunks.append(await reader.readexactly(size))
                await reader.readline()
            while await reader.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            response.body = b"".join(chunks)
        elif length := response.header("content-length"):
            response.body = await reader.readexactly(int(length))
        elif version == "HTTP/1.0" or response.header("connection").lower() == "close":
            response.body = await reader.read()
            headers.append(("connection", "close"))
        return response

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


class Session:
    def __init__(self, user: dict):
        self.user = user
        self.csrf = "".join(secrets.choice(ALNUM) for _ in range(32))
        self.session = ""

    def cookie(self) -> str:
        return f"csrftoken={self.csrf}" + (f"; sessionid={self.session}" if self.session else "")

    async def login(self, connection: Connection) -> None:
        r = await connection.post(
            "/accounts/login/",
            {
                "username": self.user["username"],
                "password": self.user["password"],
                "csrfmiddlewaretoken": self.csrf,
            },
            self.cookie(),
        )
        session = r.cookie("sessionid")
        if r.status != 302 or not session:
            raise SystemExit(f"login failed for {self.user['username']}: HTTP {r.status}")
        self.session = session
        self.csrf = r.cookie("csrftoken") or self.csrf

    async def report(
        self, connection: Connection, task_id: int, reported_on: str
    ) -> tuple[str, int, float]:
        key = uuid.uuid4().hex
        started = time.perf_counter()
        r = await connection.post(
            f"/tasks/{task_id}/report/",
            {
                "csrfmiddlewaretoken": self.csrf,
                "idempotency_key": key,
                "reported_on": reported_on,
                "state": "in_progress",
                "percent": "50",
                "done": "Đang triển khai theo kế hoạch",
            },
            self.cookie(),
        )
        elapsed = (time.perf_counter() - started) * 1000
        ok = r.status == 302 and r.header("location").rstrip("/").endswith(f"/tasks/{task_id}")
        return (key if ok else ""), r.status, elapsed


async def run(plan: dict) -> dict:
    connections = [Connection(plan["url"]) for _ in range(plan["concurrency"])]
    sessions = [Session(u) for u in plan["users"]]
    try:
        for s in sessions:
            await s.login(connections[0])
        accepted: list[str] = []
        latencies: list[float] = []
        errors: Counter[str] = Counter()
        deadline = time.perf_counter() + plan["seconds"]
        budget = plan.get("max_requests") or 0
        sent = 0

        async def worker(n: int) -> None:
            nonlocal sent
            s = sessions[n % len(sessions)]
            connection = connections[n]
            tasks = s.user["tasks"]
            i = n
            while time.perf_counter() < deadline and (not budget or sent < budget):
                sent += 1
                i += plan["concurrency"]
                try:
                    key, status, ms = await s.report(
                        connection, tasks[i % len(tasks)], plan["reported_on"]
                    )
                except (HTTPError, TimeoutError) as exc:
                    errors[type(exc).__name__] += 1
                    connection.close()
                    continue
                latencies.append(ms)
                if key:
                    accepted.append(key)
                else:
                    errors[str(status)] += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(plan["concurrency"])))
        seconds = time.perf_counter() - started
    finally:
        for c in connections:
            c.close()
    return {
        "accepted": accepted,
        "latencies_ms": latencies,
        "errors": dict(errors),
        "seconds": seconds,
        "requests": len(latencies) + sum(v for k, v in errors.items() if not k.isdigit()),
    }


# --- pages: what a signed-in user waits for --------------------------------------


async def _page_once(
    page: dict, connection: Connection, session: Session, n: int, reported_on: str, etag: str = ""
) -> tuple[float, int, int]:
    """One request of `page`: (milliseconds, bytes of the answer as sent, status); with
    `etag`, a reload answered 304 counts as answered, anything else as failed."""
    if page.get("report_tasks"):
        tasks = page["report_tasks"]
        key, status, ms = await session.report(connection, tasks[n % len(tasks)], reported_on)
        return ms, 0, (status if key else -status)
    started = time.perf_counter()
    r = await connection.get(page["path"], session.cookie(), etag)
    ms = (time.perf_counter() - started) * 1000
    if etag:
        return ms, len(r.body), (200 if r.status == 304 else -r.status)
    return ms, len(r.body), r.status


async def _page(page: dict, plan: dict, sessions: dict[str, Session]) -> dict:
    """c=1: a warm-up, then `runs` requests one after the other; c=8: as many as eight
    connections get answered in `seconds`."""
    session = sessions[page["user"]]
    reported_on = plan["reported_on"]
    one = Connection(plan["url"])
    etag = ""  # a "revalidate" page: each request a reload of the warm-up's answer
    try:
        if page.get("report_tasks"):
            _ms, size, status = await _page_once(page, one, session, 0, reported_on)
            raw = 0
        else:  # the warm-up: the answer's size as sent and as the browser unpacks it
            r = await one.get(page["path"], session.cookie())
            status, size = r.status, len(r.body)
            gzipped = r.header("content-encoding") == "gzip"
            raw = len(gzip.decompress(r.body)) if gzipped else size
            if page.get("revalidate"):
                etag = r.header("etag")
                if not etag:
                    return {
                        "name": page["name"],
                        "error": f"no ETag on {page['path']} (conditional pages off: "
                        "STEERCO_CONDITIONAL_PAGES, or no CACHE_URL)",
                    }
        if status not in (200, 302):
            return {"name": page["name"], "error": f"HTTP {status} on {page['path']}"}
        latencies = []
        for n in range(plan["runs"]):
            ms, size, status = await _page_once(page, one, session, n + 1, reported_on, etag)
            if status not in (200, 302):
                return {"name": page["name"], "error": f"HTTP {status} on {page['path']}"}
            latencies.append(ms)
    finally:
        one.close()
    concurrency = plan.get("concurrency", 8)
    connections = [Connection(plan["url"]) for _ in range(concurrency)]
    done = 0
    failed: Counter[str] = Counter()
    deadline = time.perf_counter() + plan["seconds"]

    async def worker(k: int) -> None:
        nonlocal done
        n = 1000 + k
        while time.perf_counter() < deadline:
            n += concurrency
            try:
                _ms, _size, status = await _page_once(
                    page, connections[k], session, n, reported_on, etag
                )
            except (HTTPError, TimeoutError) as exc:
                failed[type(exc).__name__] += 1
                connections[k].close()
                continue
            if status in (200, 302):
                done += 1
            else:
                failed[str(status)] += 1

    started = time.perf_counter()
    try:
        await asyncio.gather(*(worker(k) for k in range(concurrency)))
    finally:
        for c in connections:
            c.close()
    seconds = time.perf_counter() - started
    return {
        "name": page["name"],
        "latencies_ms": latencies,
        "bytes": size,
        "raw_bytes": raw,
        "rps": done / seconds if seconds else 0.0,
        "errors": dict(failed),
    }


async def run_pages(plan: dict) -> dict:
    """Each of plan["pages"] ({"name", "path", "user"} — or "report_tasks" to post
    progress updates on them in turn) timed at c=1 and c=8 by the signed-in user named."""
    sessions = {name: Session(user) for name, user in plan["users"].items()}
    connection = Connection(plan["url"])
    try:
        for s in sessions.values():
            await s.login(connection)
    finally:
        connection.close()
    return {"pages": [await _page(page, plan, sessions) for page in plan["pages"]]}


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    json.dump(asyncio.run(run_pages(plan) if "pages" in plan else run(plan)), sys.stdout)


if __name__ == "__main__":
    main()
