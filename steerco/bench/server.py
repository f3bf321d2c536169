"""A real server process for the load test: gunicorn serving steerco on 127.0.0.1 with
the production settings (DEBUG off) and the repository's gunicorn.conf.py."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from django.conf import settings

from .memory import peak_rss_mb


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, *, workers: int | None = None, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        env = {
            **os.environ,
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SECURE_SSL_REDIRECT": "False",
            "SECURE_HSTS_SECONDS": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # The load test must never meet the per-user limits on reports and exports.
            "STEERCO_RATE_REPORTS_PER_MINUTE": "0",
            "STEERCO_RATE_EXPORTS_PER_MINUTE": "0",
        }
        if self.workers:
            env["WEB_CONCURRENCY"] = str(self.workers)
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            env["STEERCO_DB"] = str(Path(db["NAME"]).resolve())
        root = settings.PROJECT_DIR
        # DEBUG off serves the hashed, compressed files `collectstatic` writes (as a
        # release does): without them every page that links a static file is a 500.
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=root,
            env=env,
            check=True,
            capture_output=True,
        )
        self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and config
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(root / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "steerco.wsgi",
            ],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self._stderr()[-2000:]}")
            try:
                httpx.get(self.url + "/accounts/login/", timeout=2)
                return self
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def _stderr(self) -> str:
        return self.proc.stderr.read() if self.proc and self.proc.stderr else ""

    def worker_pids(self) -> list[int]:
        assert self.proc is not None
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def worker_peak_rss_mb(self) -> float | None:
        peaks = [peak_rss_mb(pid) for pid in self.worker_pids()]
        return max(peaks) if peaks else None

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
