import os
import uuid
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections, transaction
from django.test import TransactionTestCase, override_settings

from steerco.lib.append_only import suspended
from tests.factories import personas, small_tree

#: Rows the migrations' post_migrate step creates (content types, permissions) and the
#: migration ledger: kept between transactional tests, so no post_migrate runs again.
KEPT_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})


def _tables_with_rows(conn: Any) -> list[str]:
    """The tables of the models that hold a row, in one query (EXISTS on each table)."""
    tables = sorted(set(conn.introspection.django_table_names(only_existing=True)) - KEPT_TABLES)
    qn = conn.ops.quote_name
    union = " UNION ALL ".join(
        f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM {qn(t)})"  # noqa: S608 - model tables
        for t in tables
    )
    with conn.cursor() as cursor:
        cursor.execute(union)
        return [row[0] for row in cursor.fetchall()]


def _empty_the_database(test: TransactionTestCase) -> None:
    """A transactional test's teardown: every table that holds a row is emptied with
    DELETE in one transaction (foreign keys are checked at its end, so the order does not
    matter), inside `steerco.lib.append_only.suspended` for the history tables among them.
    Django's `flush` truncated all ~150 tables and ran post_migrate again: some 3 seconds
    a test on PostgreSQL, against a few hundredths of a second for the few tables a test
    fills."""
    for alias in test._databases_names(include_mirrors=False):
        conn = connections[alias]
        tables = _tables_with_rows(conn)
        if not tables:
            continue
        with suspended(tables, conn=conn), conn.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DELETE FROM {conn.ops.quote_name(table)}")  # noqa: S608


def pytest_configure(config):
    """The test suite deletes history rows in one way only: a transactional test's
    teardown (`_empty_the_database`: DELETE, refused by the append-only triggers) runs
    inside `steerco.lib.append_only.suspended`, which drops the triggers of the tables it
    empties, lets the rows go and creates the triggers again, in one transaction. See
    docs/DEVELOPING.md ("History rows in tests")."""
    TransactionTestCase._fixture_teardown = _empty_the_database


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The whole suite reads figures through the cache (steerco/scoring/cache.py): any write
    # a test makes that the cache did not hear of shows as a stale figure.
    settings.STEERCO_FIGURES_CACHE = True
    cache.clear()  # per-test counts (the rate limits): local-memory caches outlive a test


@pytest.fixture
def tree(db):
    return small_tree()


@pytest.fixture
def people(tree):
    return personas(tree)


def _reads_the_demo(item: pytest.Item) -> bool:
    return "demo_dataset" in getattr(item, "fixturenames", ())


def pytest_itemcollected(item: pytest.Item) -> None:
    """Under pytest-xdist (`-n 2 --dist loadgroup --no-loadscope-reorder`: CI's PostgreSQL
    pass, work handed out in the order collected) the tests that read the demo dataset
    form one group: one worker loads the demo, after everything else it was given."""
    if _reads_the_demo(item):
        item.add_marker(pytest.mark.xdist_group("demo"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that read the demo dataset run last, one after the other: the dataset is
    loaded once for all of them (`demo_dataset`, a session fixture whose transaction stays
    open until the end), and no other test runs after it — transactional ones, which
    pytest-django puts after the others (hence trylast), least of all."""
    items.sort(key=_reads_the_demo)


@pytest.fixture(scope="session")
def demo_dataset(django_db_setup, django_db_blocker):
    """The full unit tree and the demo dataset, loaded once for the whole run (some forty
    seconds of CPU each time) inside a transaction rolled back when the run ends; every
    test that reads it runs after all the others (`pytest_collection_modifyitems`), each
    in its own savepoint. Yields what `steerco demo load` printed."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("units", "load", stdout=StringIO())
            out = StringIO()
            call_command("demo", "load", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


CHROMIUM = Path(os.environ.get("STEERCO_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium driven by Playwright, for the tests marked `browser` (never a
    downloaded browser). Without /usr/bin/chromium the tests skip saying what to install,
    except under CI=true, where that is a failure."""
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install -y chromium`"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="pip install -e '.[dev]' (playwright)"
    )
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--no-first-run"],
        )
        yield chromium
        chromium.close()


REDIS_URL = (
    os.environ["CACHE_URL"]
    if os.getenv("CACHE_URL", "").startswith("redis")
    else "redis://127.0.0.1:6379/15"
)


@pytest.fixture
def redis_cache(settings: Any) -> Any:
    """Django's cache on Redis (CACHE_URL, else database 15 on 127.0.0.1), under a key
    prefix of this test alone; its keys are deleted after it. Skipped without a Redis,
    except under CI=true, where that fails."""
    import redis

    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.RedisError as exc:
        if os.getenv("CI") == "true":
            pytest.fail(f"CI=true and no Redis at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    prefix = f"steerco-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)
