"""What a command changes is recorded as done from the command line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# The commands run on a SQLite file of their own whatever database the suite runs on: run
# once, in the suite's SQLite pass (each run migrates a database from scratch).
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs on its own SQLite file: run the suite without DATABASE_URL",
)


def test_an_account_made_with_a_command_is_recorded_as_from_the_command_line(
    tmp_path: Path,
) -> None:
    db = tmp_path / "cli.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SUPERUSER_PASSWORD": "a-long-enough-passw0rd",
    }

    def steerco(*args: str) -> None:
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "steerco.cli", *args],
            cwd=settings.PROJECT_DIR,
            env=env,
            check=True,
            capture_output=True,
        )

    steerco("migrate", "-v0")
    steerco("createsuperuser", "--noinput", "--username", "chanh-vp", "--email", "a@b.vn")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT source, action, object_label FROM audit_auditevent").fetchall()
    assert ("cli", "created", "chanh-vp") in rows
