"""`steerco backup` and `steerco restore`: the database and the uploaded files in one
folder, with a manifest of checksums.

A backup folder holds the database (SQLite: a copy made with SQLite's online backup API,
consistent while the application writes; PostgreSQL: `pg_dump --format=custom`), a copy
of MEDIA_ROOT under `media/`, and `manifest.json`: every file with its size and SHA-256,
the database vendor, the migrations applied, steerco's version and the time. A restore
checks every checksum first and refuses a mismatch naming the file, refuses a backup of
the other vendor, and writes into the configured database only when it is empty (or with
`force`).

The functions take a Django DATABASES entry and talk to the database through its own
tools (sqlite3, pg_dump, pg_restore, psycopg), never through Django's connection, so a
backup never sees a transaction of the process that runs it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, naming the file."""


@dataclass(frozen=True)
class Database:
    """What the backup needs of a Django DATABASES entry."""

    vendor: str  # "sqlite" or "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, entry: Mapping[str, Any]) -> Database:
        engine = str(entry.get("ENGINE", ""))
        if engine.endswith("sqlite3"):
            vendor = "sqlite"
        elif engine.endswith("postgresql"):
            vendor = "postgresql"
        else:
            raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")
        return cls(
            vendor=vendor,
            name=str(entry.get("NAME") or ""),
            user=str(entry.get("USER") or ""),
            password=str(entry.get("PASSWORD") or ""),
            host=str(entry.get("HOST") or ""),
            port=str(entry.get("PORT") or ""),
        )

    def pg_args(self) -> list[str]:
        args = []
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def pg_connect(self) -> Any:
        import psycopg

        return psycopg.connect(
            dbname=self.name,
            user=self.user or None,
            password=self.password or None,
            host=self.host or None,
            port=self.port or None,
        )

    def sqlite_connect(self, *, must_exist: bool = True) -> sqlite3.Connection:
        if must_exist and not Path(self.name).is_file():
            raise BackupError(f"The SQLite database {self.name} does not exist.")
        return sqlite3.connect(self.name)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def applied_migrations(db: Database) -> list[str]:
    """The migrations recorded in the database, as "app.name", in the order applied."""
    sql = "SELECT app, name FROM django_migrations ORDER BY id"
    try:
        if db.vendor == "sqlite":
            with closing(db.sqlite_connect()) as conn:
                rows = conn.execute(sql).fetchall()
        else:
            with db.pg_connect() as conn:
                rows = conn.execute(sql).fetchall()
    except (sqlite3.Error, BackupError):
        return []
    except Exception as error:  # psycopg's errors: an empty database has no such table
        if type(error).__module__.startswith("psycopg"):
            return []
        raise
    return [f"{app}.{name}" for app, name in rows]


def database_is_empty(db: Database) -> bool:
    """Whether the database holds no table at all (a new file or a new database)."""
    if db.vendor == "sqlite":
        if not Path(db.name).exists() or Path(db.name).stat().st_size == 0:
            return True
        with closing(db.sqlite_connect()) as conn:
            (count,) = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).fetchone()
        return int(count) == 0
    with db.pg_connect() as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()
    return int(count) == 0


def _version() -> str:
    try:
        return metadata.version("steerco")
    except metadata.PackageNotFoundError:
        return "unknown"


def _run(command: list[str], db: Database) -> None:
    done = subprocess.run(  # noqa: S603 - PostgreSQL's own tools, arguments as a list
        command, env=db.pg_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def backup(*, db: Database, media_root: Path, out: Path, now: datetime) -> dict[str, Any]:
    """Write a backup into `out` (a new or empty folder); returns the manifest."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: back up into a new folder.")
    out.mkdir(parents=True, exist_ok=True)
    db_file = out / DB_FILES[db.vendor]
    if db.vendor == "sqlite":
        with closing(db.sqlite_connect()) as src, closing(sqlite3.connect(db_file)) as dst:
            src.backup(dst)
    else:
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(db_file),
                *db.pg_args(),
                "--dbname",
                db.name,
            ],
            db,
        )
    media_out = out / MEDIA_DIR
    media_out.mkdir()
    for path in _files(media_root):
        target = media_out / path.relative_to(media_root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    manifest = {
        "format": FORMAT,
        "steerco_version": _version(),
        "created_at": now.isoformat(),
        "database": {"vendor": db.vendor, "file": db_file.name},
        "migrations": applied_migrations(db),
        "files": [
            {"path": p.relative_to(out).as_posix(), "bytes": p.stat().st_size, "sha256": sha256(p)}
            for p in [db_file, *_files(media_out)]
        ],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def verify(folder: Path) -> dict[str, Any]:
    """The backup's manifest, once every file it lists is present with its checksum and no
    other file is there; BackupError naming the first file that is not."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{manifest_path} is missing: not a steerco backup folder.")
    try:
        manifest = json.loads(manifest_path.read_text())
        files = {f["path"]: f for f in manifest["files"]}
        vendor = manifest["database"]["vendor"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{manifest_path} cannot be read: {error}") from error
    if manifest.get("format") != FORMAT or vendor not in DB_FILES:
        raise BackupError(f"{manifest_path}: unknown backup format or database vendor.")
    for name, entry in files.items():
        path = folder / name
        if ".." in Path(name).parts or not path.is_file():
            raise BackupError(f"{name} is listed in the manifest but missing.")
        if sha256(path) != entry.get("sha256"):
            raise BackupError(f"{name} does not match its checksum in the manifest.")
    present = {p.relative_to(folder).as_posix() for p in _files(folder)} - {MANIFEST}
    extra = sorted(present - set(files))
    if extra:
        raise BackupError(f"{extra[0]} is not in the manifest.")
    return dict(manifest)


def restore(*, folder: Path, db: Database, media_root: Path, force: bool) -> dict[str, Any]:
    """Restore a verified backup into the configured database and MEDIA_ROOT."""
    manifest = verify(folder)
    vendor = manifest["database"]["vendor"]
    if vendor != db.vendor:
        raise BackupError(f"This is a {vendor} backup; the configured database is {db.vendor}.")
    if not force and not database_is_empty(db):
        raise BackupError(
            f"The database {db.name} is not empty: restore into an empty database, or "
            "replace its contents with --force."
        )
    if not force and any(_files(media_root)):
        raise BackupError(f"{media_root} already holds files: empty it, or use --force.")
    db_file = folder / manifest["database"]["file"]
    if db.vendor == "sqlite":
        Path(db.name).parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(db_file)) as src, closing(sqlite3.connect(db.name)) as dst:
            src.backup(dst)
    else:
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *(["--clean", "--if-exists"] if force else []),
                *db.pg_args(),
                "--dbname",
                db.name,
                str(db_file),
            ],
            db,
        )
    media = folder / MEDIA_DIR
    for path in _files(media):
        target = media_root / path.relative_to(media)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    # The restore wrote past Django's connection: figures cached before it are not its, nor
    # the pages' ETags.
    from steerco.lib import generations

    generations.bump(generations.KEY, generations.SHOWN)
    return manifest
