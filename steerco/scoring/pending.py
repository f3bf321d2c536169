"""The triggers that keep `PendingTask`: every INSERT, UPDATE or DELETE of a task records,
in the same transaction, that the summaries must count that task again.

A task caches what classifies it (its completion, its deadline in force, its reporting
marks): every history row that can move a task's class or reporting status rewrites its
task row, so a trigger on the task table alone hears every change — from the services,
the importers, the exchange, the admin, the bulk loaders or raw SQL. On SQLite a later
migration that rebuilds the task table drops the triggers; `install` runs again after
every `migrate` (scoring's post_migrate), and the summaries are then rebuilt on first use.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TASKS = "directives_task"
PENDING = "scoring_pendingtask"
ACTIONS = ("insert", "update", "delete")


def trigger_name(action: str) -> str:
    return f"{TASKS}_pending_{action}"


def _sqlite(action: str) -> str:
    row = "OLD" if action == "delete" else "NEW"
    return (
        f"CREATE TRIGGER IF NOT EXISTS {trigger_name(action)} AFTER {action.upper()} ON {TASKS} "  # noqa: S608
        f"BEGIN INSERT INTO {PENDING} (task_id, mark) VALUES ({row}.id, 1) "
        "ON CONFLICT (task_id) DO UPDATE SET mark = mark + 1; END;"
    )


_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION steerco_task_pending() RETURNS trigger AS $$
DECLARE changed bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD.id; ELSE changed := NEW.id; END IF;
    INSERT INTO {PENDING} (task_id, mark) VALUES (changed, 1)
        ON CONFLICT (task_id) DO UPDATE SET mark = {PENDING}.mark + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""  # noqa: S608 (names are constants)


def create_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [_sqlite(action) for action in ACTIONS]
    if vendor == "postgresql":
        out = [_PG_FUNCTION]
        for action in ACTIONS:
            out.append(f"DROP TRIGGER IF EXISTS {trigger_name(action)} ON {TASKS};")
            out.append(
                f"CREATE TRIGGER {trigger_name(action)} AFTER {action.upper()} ON {TASKS} "
                "FOR EACH ROW EXECUTE FUNCTION steerco_task_pending();"
            )
        return out
    return []


def drop_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {trigger_name(a)};" for a in ACTIONS]
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {trigger_name(a)} ON {TASKS};" for a in ACTIONS]
    return []


def install(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        for sql in create_sql(conn.vendor):
            cursor.execute(sql)


def remove(conn: BaseDatabaseWrapper) -> None:
    with conn.cursor() as cursor:
        for sql in drop_sql(conn.vendor):
            cursor.execute(sql)
