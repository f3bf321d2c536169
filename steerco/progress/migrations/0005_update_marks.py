"""Two marks on a history row: dated back by a manager, and a completion that counts only
once accepted (recorded late). Existing rows carry neither.

SQLite adds a column by rebuilding the table, which drops the append-only trigger of
0002; it is created again after the rebuild (both ways)."""

from django.db import migrations, models

SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS progress_update_append_only BEFORE UPDATE ON progress_progressupdate
BEGIN SELECT RAISE(ABORT, 'progress history is append-only: add a new update instead'); END;
"""


def restore_sqlite_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0004_task_cache_backfill"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_trigger),
        migrations.AddField(
            model_name="progressupdate",
            name="backdated_by_manager",
            field=models.BooleanField(
                db_default=False,
                default=False,
                editable=False,
                help_text="The update speaks for a date further back than reporters may use; a manager of the task recorded it.",
                verbose_name="dated back by a manager",
            ),
        ),
        migrations.AddField(
            model_name="progressupdate",
            name="needs_acceptance",
            field=models.BooleanField(
                db_default=False,
                default=False,
                editable=False,
                help_text="A completion recorded long after the date it speaks for: it counts only once a manager accepts it.",
                verbose_name="counts once accepted",
            ),
        ),
        migrations.RunPython(restore_sqlite_trigger, migrations.RunPython.noop),
    ]
