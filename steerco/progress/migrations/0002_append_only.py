"""Progress history is append-only: the database itself refuses to rewrite a row."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER progress_update_append_only BEFORE UPDATE ON progress_progressupdate
BEGIN SELECT RAISE(ABORT, 'progress history is append-only: add a new update instead'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS progress_update_append_only;"

PG_UP = """
CREATE OR REPLACE FUNCTION progress_update_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'progress history is append-only: add a new update instead'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER progress_update_append_only BEFORE UPDATE ON progress_progressupdate
FOR EACH ROW EXECUTE FUNCTION progress_update_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS progress_update_append_only ON progress_progressupdate;
DROP FUNCTION IF EXISTS progress_update_append_only();
"""


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
