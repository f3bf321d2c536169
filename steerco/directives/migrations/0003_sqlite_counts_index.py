"""On SQLite, a covering index for the counting queries (classification and reporting
timeliness): a national ranking then reads this narrow index instead of fetching 200,000
wide task rows one by one (about a fifth less time, `make bench`). PostgreSQL scans the
table in parallel and would only pay to keep such an index, so it gets none; the index is
not part of the model state for the same reason.

If a counting query starts reading another task column, add it here (in a new migration)
or the index stops covering and SQLite goes back to fetching rows."""

from django.db import migrations

COLUMNS = (
    "lead_unit_id",
    "assigned_on",
    "cancelled_on",
    "recurring",
    "last_reported_on",
    "counted_completed_on",
    "due_changed_on",
    "due_on",
    "original_due_on",
    "directive_id",
    "field",
    "state",
    "completed_on",
    "reopened_on",
    "last_report_at",
    "report_window_start",
    "report_before_window_at",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS task_counts_cover ON directives_task ({', '.join(COLUMNS)})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS task_counts_cover")


class Migration(migrations.Migration):
    dependencies = [("directives", "0002_task_cache_for_counts")]

    operations = [migrations.RunPython(create, drop)]
