"""Indicator values refuse UPDATE and DELETE (and on PostgreSQL TRUNCATE) through the
triggers of `steerco.lib.append_only`, replacing 0002's trigger, which refused UPDATE
only. (The demo's reset recreates the database instead of deleting its values.)"""

from django.db import migrations

from steerco.lib.append_only import guard_operation, vendor_sql_operation

MESSAGE = "indicator values are append-only: record a new version instead"

OLD = {
    "sqlite": ["DROP TRIGGER IF EXISTS indicator_value_append_only;"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS indicator_value_append_only ON indicators_indicatorvalue;",
        "DROP FUNCTION IF EXISTS indicator_value_append_only();",
    ],
}
OLD_BACK = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS indicator_value_append_only BEFORE UPDATE ON"
        " indicators_indicatorvalue BEGIN SELECT RAISE(ABORT,"
        " 'indicator values are append-only: record a new version instead'); END;"
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION indicator_value_append_only() RETURNS trigger AS $$"
        " BEGIN RAISE EXCEPTION"
        " 'indicator values are append-only: record a new version instead'; END;"
        " $$ LANGUAGE plpgsql;",
        "CREATE TRIGGER indicator_value_append_only BEFORE UPDATE ON indicators_indicatorvalue"
        " FOR EACH ROW EXECUTE FUNCTION indicator_value_append_only();",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_target_positive")]

    operations = [
        vendor_sql_operation(OLD, OLD_BACK),
        guard_operation("indicators_indicatorvalue", MESSAGE),
    ]
