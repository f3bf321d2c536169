import pytest

from tests.factories import personas, small_tree


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def tree(db):
    return small_tree()


@pytest.fixture
def people(tree):
    return personas(tree)
