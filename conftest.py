from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.factories import personas, small_tree


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
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
