"""Indicator values are append-only: the database itself refuses to rewrite a row."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER indicator_value_append_only BEFORE UPDATE ON indicators_indicatorvalue
BEGIN SELECT RAISE(ABORT, 'indicator values are append-only: record a new version instead'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS indicator_value_append_only;"

PG_UP = """
CREATE OR REPLACE FUNCTION indicator_value_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'indicator values are append-only: record a new version instead'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER indicator_value_append_only BEFORE UPDATE ON indicators_indicatorvalue
FOR EACH ROW EXECUTE FUNCTION indicator_value_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS indicator_value_append_only ON indicators_indicatorvalue;
DROP FUNCTION IF EXISTS indicator_value_append_only();
"""


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
