"""`steerco backup` then `steerco restore`, end to end on SQLite and PostgreSQL.

Each test makes its own databases (a SQLite file in a temporary folder; new PostgreSQL
databases with random names, dropped afterwards) and runs the real commands in
subprocesses configured through the environment, as an operator would: it never touches
a database it did not create."""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from steerco.ops.backup import MANIFEST, sha256


@dataclass
class Target:
    env: dict[str, str]
    media: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "steerco.cli", *args],
            cwd=settings.PROJECT_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"steerco {' '.join(args)}: {done.stdout}{done.stderr}")
        return done

    def sql(self, query: str) -> list[tuple]:
        code = (
            "from django.db import connection\n"
            "import json\n"
            "with connection.cursor() as c:\n"
            f"    c.execute({query!r})\n"
            "    print(json.dumps(c.fetchall() if c.description else []))\n"
        )
        out = self.run("shell", "-c", code).stdout.strip().splitlines()[-1]
        return [tuple(row) for row in json.loads(out)]


def base_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "STEERCO_DB")}
    env.update({"DEBUG": "True", "PYTHONPATH": str(settings.PROJECT_DIR)})
    return env


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture(params=["sqlite", "postgresql"])
def make_target(request, tmp_path) -> Iterator:
    created: list[str] = []
    server = postgres_url()
    if request.param == "postgresql" and server is None:
        pytest.skip("PostgreSQL round trip: run the suite with DATABASE_URL=postgres://...")
    if request.param == "sqlite" and server is not None:
        # Each round trip migrates two databases from scratch (a minute or two): the
        # SQLite one runs when the suite runs on SQLite, as CI's other pass does.
        pytest.skip("SQLite round trip: run the suite without DATABASE_URL")

    def make(name: str) -> Target:
        env = base_env(tmp_path)
        media = tmp_path / f"{name}-media"
        env["MEDIA_ROOT"] = str(media)
        if request.param == "sqlite":
            env["STEERCO_DB"] = str(tmp_path / f"{name}.sqlite3")
        else:
            import psycopg

            db_name = f"steerco_backup_{secrets.token_hex(4)}_{name}"
            with psycopg.connect(server, dbname="postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{db_name}"')
            created.append(db_name)
            parts = urlsplit(server)
            env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{db_name}"))
        return Target(env=env, media=media)

    yield make
    if created:
        import psycopg

        with psycopg.connect(server, dbname="postgres", autocommit=True) as conn:
            for db_name in created:
                conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


ROWS = "SELECT command, last_error FROM ops_scheduledrun ORDER BY command"


def test_backup_then_restore_round_trip(make_target, tmp_path):
    source = make_target("source")
    source.run("migrate", "-v0")
    source.run(
        "shell",
        "-c",
        "from steerco.ops.models import ScheduledRun as R\n"
        "R.objects.create(command='pending sweep', last_error='Thời hạn')\n"
        "R.objects.create(command='period close')\n",
    )
    evidence = source.media / "evidence" / "2026" / "báo-cáo.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 evidence")
    rows = source.sql(ROWS)
    assert rows == [("pending sweep", "Thời hạn"), ("period close", "")]

    folder = tmp_path / "backup"
    source.run("backup", "-o", str(folder))
    manifest = json.loads((folder / MANIFEST).read_text())
    vendor = manifest["database"]["vendor"]
    assert vendor in ("sqlite", "postgresql")
    assert "ops.0001_initial" in manifest["migrations"]
    assert manifest["steerco_version"] and manifest["created_at"]
    files = {f["path"]: f for f in manifest["files"]}
    assert files["media/evidence/2026/báo-cáo.pdf"]["sha256"] == sha256(evidence)
    assert manifest["database"]["file"] in files
    assert source.run("backup", "-o", str(folder), check=False).returncode != 0  # not empty

    # Restoring over a database that holds data is refused without --force.
    refused = source.run("restore", str(folder), check=False)
    assert refused.returncode != 0 and "not empty" in refused.stderr

    target = make_target("target")
    target.run("restore", str(folder))
    assert target.sql(ROWS) == rows
    assert (
        target.media / "evidence" / "2026" / "báo-cáo.pdf"
    ).read_bytes() == evidence.read_bytes()
    target.run("migrate", "--check", "-v0")  # the migration state came along

    # --force replaces what is there.
    target.run(
        "shell", "-c", "from steerco.ops.models import ScheduledRun as R\nR.objects.all().delete()"
    )
    target.run("restore", str(folder), "--force")
    assert target.sql(ROWS) == rows


def test_restore_refuses_a_file_that_does_not_match_its_checksum(tmp_path):
    target = Target(env=base_env(tmp_path), media=tmp_path / "media")
    target.env["STEERCO_DB"] = str(tmp_path / "source.sqlite3")
    target.env["MEDIA_ROOT"] = str(target.media)
    sqlite3.connect(target.env["STEERCO_DB"]).execute("CREATE TABLE t (x)").connection.commit()
    (target.media / "evidence").mkdir(parents=True)
    (target.media / "evidence" / "a.txt").write_text("original")
    folder = tmp_path / "backup"
    target.run("backup", "-o", str(folder))

    restored_db = tmp_path / "restored.sqlite3"
    target.env["STEERCO_DB"] = str(restored_db)
    target.env["MEDIA_ROOT"] = str(tmp_path / "restored-media")
    (folder / "media" / "evidence" / "a.txt").write_text("changed")
    refused = target.run("restore", str(folder), check=False)
    assert refused.returncode != 0
    assert "media/evidence/a.txt does not match its checksum" in refused.stderr
    assert not restored_db.exists()

    (folder / "media" / "evidence" / "a.txt").unlink()
    refused = target.run("restore", str(folder), check=False)
    assert "media/evidence/a.txt is listed in the manifest but missing" in refused.stderr

    (folder / "media" / "evidence" / "a.txt").write_text("original")
    (folder / "media" / "extra.txt").write_text("slipped in")
    refused = target.run("restore", str(folder), check=False)
    assert "media/extra.txt is not in the manifest" in refused.stderr


HISTORY = """
from datetime import date, timedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from steerco.progress import services
from tests.factories import make_directive, make_task, small_tree

tree = small_tree()
today = date.today()
task = make_task(make_directive(tree.committee), tree.tq_skhcn, due_on=today + timedelta(days=60))
for percent in (10, 40):
    services.progress_report(task=task, reported_on=today, state="in_progress", percent=percent)
upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes", "application/pdf")
services.progress_report(
    task=task, reported_on=today, state="in_progress", percent=60,
    files=[services.UploadedEvidence("bien-ban.pdf", "application/pdf", 16, upload)],
)
ext = services.extension_request(
    task=task, requested_on=today, new_due_on=today + timedelta(days=120), reason="Chờ vốn"
)
services.extension_decide(extension=ext, approve=True, decided_on=today)
"""


def test_backup_restore_then_audit_verify_passes(make_target, tmp_path):
    """The history's hash chains, its append-only triggers (and on PostgreSQL their
    plpgsql function) and a closed period's chain heads come back with a restore."""
    source = make_target("source")
    source.run("migrate", "-v0")
    source.run("shell", "-c", HISTORY)
    source.run("period", "close", "2025-10")
    verified = source.run("audit", "verify").stdout.strip()
    assert verified.startswith("ok: ") and "1 closed periods" in verified

    folder = tmp_path / "backup"
    source.run("backup", "-o", str(folder))
    target = make_target("target")
    target.run("restore", str(folder))
    assert target.run("audit", "verify").stdout.strip() == verified
    assert len(list((target.media / "evidence").rglob("*.pdf"))) == 1

    refused = target.run(
        "shell",
        "-c",
        "from steerco.progress.models import ProgressUpdate\n"
        "ProgressUpdate.objects.update(percent=99)\n",
        check=False,
    )
    assert refused.returncode != 0 and "append-only" in refused.stderr

    target.run("restore", str(folder), "--force")  # over itself: still whole
    assert target.run("audit", "verify").stdout.strip() == verified
