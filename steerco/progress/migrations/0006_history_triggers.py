"""The progress history refuses UPDATE and DELETE (and on PostgreSQL TRUNCATE) through
the triggers of `steerco.lib.append_only`, on updates and their evidence files; they
replace 0002's trigger, which refused UPDATE only."""

from django.db import migrations

from steerco.lib.append_only import guard_operation, vendor_sql_operation

UPDATES = "progress history is append-only: add a new update instead"
EVIDENCE = "evidence is part of the progress history: attach it to a new update instead"

OLD = {
    "sqlite": ["DROP TRIGGER IF EXISTS progress_update_append_only;"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS progress_update_append_only ON progress_progressupdate;",
        "DROP FUNCTION IF EXISTS progress_update_append_only();",
    ],
}
OLD_BACK = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS progress_update_append_only BEFORE UPDATE ON"
        " progress_progressupdate BEGIN SELECT RAISE(ABORT,"
        " 'progress history is append-only: add a new update instead'); END;"
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION progress_update_append_only() RETURNS trigger AS $$"
        " BEGIN RAISE EXCEPTION 'progress history is append-only: add a new update instead';"
        " END; $$ LANGUAGE plpgsql;",
        "CREATE TRIGGER progress_update_append_only BEFORE UPDATE ON progress_progressupdate"
        " FOR EACH ROW EXECUTE FUNCTION progress_update_append_only();",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("progress", "0005_update_marks")]

    operations = [
        vendor_sql_operation(OLD, OLD_BACK),
        guard_operation("progress_progressupdate", UPDATES),
        guard_operation("progress_evidencefile", EVIDENCE),
    ]
