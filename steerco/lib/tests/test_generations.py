"""The generation of the counted data moves with every write to a counted table, however
it is written, and once more when the write's transaction commits (issue 20, item 4)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from steerco.lib import generations
from tests.factories import small_tree


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO "progress_progressupdate" ("task_id") VALUES (%s)',
        'UPDATE "directives_task" SET "state" = %s WHERE "id" = %s',
        'DELETE FROM "units_unit" WHERE "id" = %s',
        "insert or ignore into scoring_snapshotrow (period_id) values (1)",
        'TRUNCATE "directives_task", "progress_progressupdate"',
        'TRUNCATE "auth_user", "django_session", "units_unit" RESTART IDENTITY CASCADE;',
        "WITH moved AS (SELECT 1) UPDATE directives_task SET due_on = NULL",
        'COPY "progress_progressupdate" ("task_id") FROM STDIN',
    ],
)
def test_a_write_to_a_counted_table_is_seen(sql):
    assert generations.writes_counted(sql)


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT "directives_task"."id" FROM "directives_task" FOR UPDATE',
        'UPDATE "django_session" SET "expire_date" = %s',
        'INSERT INTO "audit_event" ("action") VALUES (%s)',
        'INSERT INTO "notices_notice" ("progressupdate_id") VALUES (%s)',
        'SELECT "progress_progressupdate"."id" FROM "progress_progressupdate"',
        'TRUNCATE "auth_user", "django_session";',
    ],
)
def test_reads_and_other_tables_are_not(sql):
    assert not generations.writes_counted(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO scoring_classsummary (unit_id, n) SELECT unit_id, COUNT(*) FROM"
        " scoring_countedtask WHERE task_id IN (SELECT task_id FROM scoring_pendingseen)"
        " GROUP BY unit_id ON CONFLICT (unit_id) DO UPDATE SET n = scoring_classsummary.n"
        " + excluded.n",
        "DELETE FROM scoring_pendingtask WHERE EXISTS (SELECT 1 FROM scoring_pendingseen s"
        " WHERE s.task_id = scoring_pendingtask.task_id)",
        'UPDATE "scoring_summaryday" SET "day" = %s WHERE "id" = %s',
    ],
)
def test_folding_todays_summaries_changes_no_figure_and_no_page(sql):
    # Derived from the counted tables: every figure and page reads the same after a fold.
    assert not generations.writes_counted(sql)
    assert not generations.writes_shown(sql)


@pytest.mark.django_db
def test_a_raw_statement_moves_the_generation_as_a_service_does():
    small_tree()
    before = generations.current()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE units_unit SET name = name WHERE code = %s", ["08"])
    assert generations.current() > before


@pytest.mark.django_db(transaction=True)
@pytest.mark.django_db
def test_a_bulk_load_moves_it_on_either_database():
    from steerco.lib import bulk
    from steerco.units.models import Unit

    tree = small_tree()
    before = generations.current()
    fields = [f.attname for f in Unit._meta.concrete_fields if not f.primary_key]
    row = {name: getattr(tree.tq_stc, name) for name in fields}
    sibling = {**row, "code": "08-X", "path": tree.tq_stc.path[:-4] + "9999"}
    assert bulk.insert(Unit, fields, [sibling]) == 1  # COPY on PostgreSQL
    assert generations.current() > before


@pytest.fixture(params=["local memory", "Redis"])
def either_cache(request):
    """Django's local-memory cache (the default), then Redis (production's CACHE_URL),
    whose moves take another path: one pipelined SET NX and INCR."""
    if request.param == "Redis":
        request.getfixturevalue("redis_cache")


@pytest.mark.django_db(transaction=True)
def test_it_moves_again_when_the_transaction_commits(either_cache):
    with transaction.atomic():
        small_tree()
        during = generations.current()
        assert generations.current() == during  # reads move nothing
    assert generations.current() > during


@pytest.mark.django_db(transaction=True)
def test_a_transaction_of_several_writes_moves_it_once_at_the_commit_and_before_its_own_reads(
    monkeypatch,
):
    small_tree()
    moves: list[str] = []
    real_bump = generations.bump
    monkeypatch.setattr(
        generations,
        "bump",
        lambda *keys: (moves.extend(keys or (generations.KEY,)), real_bump(*keys)),
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            for _ in range(3):  # a report writes its row, its task's cache, the summaries' mark
                cursor.execute("UPDATE units_unit SET name = name WHERE code = %s", ["08"])
        assert moves == []  # no cache round trip per statement
        read_inside = generations.current()  # a figure read here must not predate the writes
        assert moves == [generations.KEY]
        cursor = connection.cursor()
        cursor.execute("UPDATE units_unit SET name = name WHERE code = %s", ["08"])
        assert generations.current() > read_inside  # another write, another generation
    assert moves == [generations.KEY, generations.KEY, generations.KEY]  # and the commit's


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_is_no_reason_to_move_after():
    small_tree()
    with pytest.raises(RuntimeError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE units_unit SET name = name WHERE code = %s", ["08"])
        during = generations.current()
        raise RuntimeError
    assert generations.current() == during


def test_a_lost_generation_comes_back_as_a_number_never_used(either_cache):
    first = generations.current()
    generations.bump()
    used = generations.current()
    assert used > first
    cache.clear()  # evicted, or the cache restarted
    assert generations.current() > used


def test_on_redis_a_move_of_a_missing_generation_makes_a_number_never_used(redis_cache):
    server, prefix = redis_cache
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)  # evicted, or Redis restarted
    before = generations._fresh()
    generations.bump()  # nothing stored: the move starts from the clock
    moved = generations.current()
    assert moved > before
    assert [k.decode() for k in server.scan_iter(f"{prefix}:*")] == [
        f"{prefix}:1:{generations.KEY}"
    ]
    assert server.ttl(f"{prefix}:1:{generations.KEY}") == -1  # kept until evicted
    generations.bump()
    assert generations.current() == moved + 1
