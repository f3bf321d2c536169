"""Every directive and task gets a global identifier (issue 19): added nullable, each
existing row given its own random UUID (one statement on PostgreSQL, batches of
executemany elsewhere: the national bench holds ~600k tasks), then made unique and
required."""

import uuid

from django.db import migrations, models

BATCH = 10_000


def fill_global_ids(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    for name in ("Directive", "Task"):
        model = apps.get_model("directives", name)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"UPDATE {table} SET global_id = gen_random_uuid()")  # noqa: S608
                continue
            ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
            for i in range(0, len(ids), BATCH):
                cursor.executemany(
                    f"UPDATE {table} SET global_id = %s WHERE id = %s",  # noqa: S608
                    [(uuid.uuid4().hex, pk) for pk in ids[i : i + BATCH]],
                )


def global_id(null: bool) -> models.UUIDField:
    if null:
        return models.UUIDField(null=True, editable=False, verbose_name="global identifier")
    return models.UUIDField(
        default=uuid.uuid4, editable=False, unique=True, verbose_name="global identifier"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0005_directive_document"),
    ]

    operations = [
        migrations.AddField(model_name="directive", name="global_id", field=global_id(True)),
        migrations.AddField(model_name="task", name="global_id", field=global_id(True)),
        migrations.RunPython(fill_global_ids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(model_name="directive", name="global_id", field=global_id(False)),
        migrations.AlterField(model_name="task", name="global_id", field=global_id(False)),
    ]
