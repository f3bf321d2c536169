"""The load client: a second process that posts progress updates to a running server
through its real login and report form, at a bounded concurrency, and says what
happened as JSON on stdout. No Django here: it sees steerco only over HTTP.

    python -m steerco.bench.load PLAN.json

PLAN.json: {"url": ..., "users": [{"username", "password", "tasks": [ids]}],
"concurrency": 16, "seconds": 10, "max_requests": 0, "reported_on": "YYYY-MM-DD"}
Output: {"accepted": [idempotency keys], "latencies_ms": [...], "errors": {status: n},
"seconds": elapsed, "requests": n}
"""

from __future__ import annotations

import asyncio
import json
import secrets
import string
import sys
import time
import uuid
from collections import Counter

import httpx

ALNUM = string.ascii_letters + string.digits


def _cookie(response: httpx.Response, name: str) -> str | None:
    # Cookies are read by hand: with DEBUG off they are marked Secure, and a cookie
    # jar would not send them back over plain HTTP on 127.0.0.1.
    for header in response.headers.get_list("set-cookie"):
        first = header.split(";", 1)[0]
        key, _, value = first.partition("=")
        if key.strip() == name:
            return value.strip()
    return None


class Session:
    def __init__(self, client: httpx.AsyncClient, user: dict):
        self.client = client
        self.user = user
        self.csrf = "".join(secrets.choice(ALNUM) for _ in range(32))
        self.session = ""

    def headers(self) -> dict[str, str]:
        cookie = f"csrftoken={self.csrf}" + (f"; sessionid={self.session}" if self.session else "")
        return {"Cookie": cookie}

    async def login(self) -> None:
        r = await self.client.post(
            "/accounts/login/",
            data={
                "username": self.user["username"],
                "password": self.user["password"],
                "csrfmiddlewaretoken": self.csrf,
            },
            headers=self.headers(),
        )
        session = _cookie(r, "sessionid")
        if r.status_code != 302 or not session:
            raise SystemExit(f"login failed for {self.user['username']}: HTTP {r.status_code}")
        self.session = session
        self.csrf = _cookie(r, "csrftoken") or self.csrf

    async def report(self, task_id: int, reported_on: str) -> tuple[str, int, float]:
        key = uuid.uuid4().hex
        started = time.perf_counter()
        r = await self.client.post(
            f"/tasks/{task_id}/report/",
            data={
                "csrfmiddlewaretoken": self.csrf,
                "idempotency_key": key,
                "reported_on": reported_on,
                "state": "in_progress",
                "percent": "50",
                "done": "Đang triển khai theo kế hoạch",
            },
            headers=self.headers(),
        )
        elapsed = (time.perf_counter() - started) * 1000
        ok = r.status_code == 302 and r.headers.get("location", "").rstrip("/").endswith(
            f"/tasks/{task_id}"
        )
        return (key if ok else ""), r.status_code, elapsed


async def run(plan: dict) -> dict:
    limits = httpx.Limits(
        max_connections=plan["concurrency"], max_keepalive_connections=plan["concurrency"]
    )
    async with httpx.AsyncClient(
        base_url=plan["url"], limits=limits, timeout=60, follow_redirects=False
    ) as client:
        sessions = [Session(client, u) for u in plan["users"]]
        for s in sessions:
            await s.login()
        accepted: list[str] = []
        latencies: list[float] = []
        errors: Counter[str] = Counter()
        deadline = time.perf_counter() + plan["seconds"]
        budget = plan.get("max_requests") or 0
        sent = 0

        async def worker(n: int) -> None:
            nonlocal sent
            s = sessions[n % len(sessions)]
            tasks = s.user["tasks"]
            i = n
            while time.perf_counter() < deadline and (not budget or sent < budget):
                sent += 1
                i += plan["concurrency"]
                try:
                    key, status, ms = await s.report(tasks[i % len(tasks)], plan["reported_on"])
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] += 1
                    continue
                latencies.append(ms)
                if key:
                    accepted.append(key)
                else:
                    errors[str(status)] += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(plan["concurrency"])))
        seconds = time.perf_counter() - started
    return {
        "accepted": accepted,
        "latencies_ms": latencies,
        "errors": dict(errors),
        "seconds": seconds,
        "requests": len(latencies) + sum(v for k, v in errors.items() if not k.isdigit()),
    }


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    json.dump(asyncio.run(run(plan)), sys.stdout)


if __name__ == "__main__":
    main()
