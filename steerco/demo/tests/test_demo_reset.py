"""`steerco demo load --reset` recreates the database instead of deleting history rows
(which the append-only triggers refuse): run as an operator would, on a SQLite file of
its own."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# The demo is loaded into a SQLite file of its own whatever database the suite runs on:
# run once, in the suite's SQLite pass (a minute: migrations and the whole demo).
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs on its own SQLite file: run the suite without DATABASE_URL",
    ),
]


def steerco(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "STEERCO_DB")}
    env.update({"DEBUG": "True", "STEERCO_DB": str(db), "PYTHONPATH": str(settings.PROJECT_DIR)})
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "steerco.cli", *args],
        cwd=settings.PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_reset_recreates_the_database_and_refuses_one_with_directives_of_its_own(tmp_path):
    db = tmp_path / "demo.sqlite3"  # not even migrated: --reset works from nothing too
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE left_behind (x integer)")  # gone with the old file
    done = steerco(db, "demo", "load", "--reset")
    assert done.returncode == 0, done.stderr
    assert "a new database in place of the one that held 0 tasks" in done.stdout
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        (updates,) = conn.execute("SELECT count(*) FROM progress_progressupdate").fetchone()
    assert "left_behind" not in tables and updates > 10_000
    assert "progress_progressupdate_no_delete" in tables

    code = (
        "from steerco.directives.models import Directive\n"
        "from steerco.units.models import Unit\n"
        "Directive.objects.create(symbol='01/KH-UBND', kind='plan',"
        " issuer=Unit.objects.get(code='08'), issued_on='2025-01-02', title='Own plan')\n"
    )
    assert steerco(db, "shell", "-c", code).returncode == 0
    refused = steerco(db, "demo", "load", "--reset")
    assert refused.returncode != 0
    assert "1 directives that are not the demo's" in refused.stderr
