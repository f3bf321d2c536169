import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections, transaction
from django.test import TransactionTestCase, override_settings

from steerco.lib.append_only import suspended
from tests.factories import personas, small_tree


def pytest_configure(config):
    """The test suite deletes history rows in one way only: a transactional test's
    teardown (Django's `flush`: DELETE FROM on SQLite, TRUNCATE on PostgreSQL, both
    refused by the append-only triggers) runs inside `steerco.lib.append_only.suspended`,
    which drops the triggers, lets the flush empty the tables and creates them again, in
    one transaction. See docs/DEVELOPING.md ("History rows in tests")."""
    flush = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):  # type: ignore[no-untyped-def]
        with suspended(conn=connections["default"]):
            flush(self)

    TransactionTestCase._fixture_teardown = _fixture_teardown


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


@pytest.fixture(scope="module")
def demo_dataset(django_db_setup, django_db_blocker):
    """The full unit tree and the demo dataset, loaded once for a test module inside a
    transaction that is rolled back after it. Yields what `steerco demo load` printed."""
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
