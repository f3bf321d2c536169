"""The planner hint changes how PostgreSQL groups, never what it counts or what the
session's settings are afterwards."""

import pytest
from django.db import connection

from steerco.lib.planner import hash_groups

pytestmark = pytest.mark.django_db


def setting() -> tuple | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_sort'), current_setting('parallel_tuple_cost')"
        )
        return cursor.fetchone()


def counts() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n % 3, count(*) FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 4) "
            "AS t GROUP BY 1 ORDER BY 1"
        )
        return cursor.fetchall()


def test_hash_groups_counts_the_same_and_restores_the_setting():
    before, plain = setting(), counts()
    with hash_groups():
        hinted = counts()
        if connection.vendor == "postgresql":
            assert setting() == ("off", "0")
    assert hinted == plain == [(1, 2), (2, 1)]
    assert setting() == before


@pytest.mark.django_db(transaction=True)
def test_hash_groups_outside_a_transaction_opens_one_and_leaves_nothing_behind():
    before = setting()
    assert not connection.in_atomic_block
    with hash_groups():
        assert counts() == [(1, 2), (2, 1)]
    assert setting() == before
    assert not connection.in_atomic_block
