"""Concurrent SQLite writers queue on a file lock beside the database."""

from __future__ import annotations

import fcntl
import os

import pytest
from django.db import connection

from steerco.lib.writes import turn, write_turn


def _free(path) -> bool:  # type: ignore[no-untyped-def]
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def test_a_writer_holds_the_turn_until_its_block_ends(tmp_path):
    lock = tmp_path / "db.sqlite3-write-lock"
    with turn(str(lock)):
        assert not _free(lock)
    assert _free(lock)


def test_the_turn_is_released_when_the_write_fails(tmp_path):
    lock = tmp_path / "db.sqlite3-write-lock"
    with pytest.raises(ValueError), turn(str(lock)):
        raise ValueError("refused")
    assert _free(lock)


class FakeConnection:
    def __init__(self, vendor: str, name: str, *, in_atomic_block: bool = False):
        self.vendor = vendor
        self.settings_dict = {"NAME": name}
        self.in_atomic_block = in_atomic_block

    def is_in_memory_db(self) -> bool:
        return False


def test_an_sqlite_write_holds_the_lock_beside_the_database(tmp_path, monkeypatch):
    db = tmp_path / "steerco.sqlite3"
    monkeypatch.setattr(
        "steerco.lib.writes.connections", {"default": FakeConnection("sqlite", str(db))}
    )
    with write_turn():
        assert not _free(tmp_path / "steerco.sqlite3-write-lock")
    assert _free(tmp_path / "steerco.sqlite3-write-lock")


@pytest.mark.parametrize(
    "conn",
    [
        FakeConnection("postgresql", "steerco"),
        FakeConnection("sqlite", "X", in_atomic_block=True),  # would lock after the database
    ],
)
def test_postgresql_and_writes_inside_a_transaction_take_no_turn(tmp_path, monkeypatch, conn):
    conn.settings_dict["NAME"] = str(tmp_path / "steerco")
    monkeypatch.setattr("steerco.lib.writes.connections", {"default": conn})
    with write_turn():
        pass
    assert not list(tmp_path.iterdir())


@pytest.mark.django_db
def test_the_in_memory_test_database_takes_no_turn():
    if connection.vendor != "sqlite":
        pytest.skip("the suite runs on PostgreSQL here; the in-memory case is SQLite's")
    assert connection.is_in_memory_db()  # type: ignore[attr-defined]
    with write_turn():
        pass
