"""An evidence file's row carries the SHA-256 of the stored file, and its hash chain covers
it: existing rows get the digest of the file as stored now (empty when the file is
missing), and their chains are linked again. The table's triggers are dropped for the
backfill (SQLite rebuilds the table to add the column) and created again after it."""

import hashlib

from django.core.files.storage import default_storage
from django.db import migrations, models

from steerco.lib import append_only
from steerco.lib.hashchain import GENESIS, link, stored_value

TABLE = "progress_evidencefile"
MESSAGE = "evidence is part of the progress history: attach it to a new update instead"
NAMES = ("update_id", "file", "name", "size", "content_type", "sha256")


def unguard(apps, schema_editor):
    append_only.remove(TABLE, schema_editor.connection)


def guard(apps, schema_editor):
    append_only.install(TABLE, MESSAGE, schema_editor.connection)


def _digest(name):
    if not name or not default_storage.exists(name):
        return ""
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fill(apps, schema_editor):
    Evidence = apps.get_model("progress", "EvidenceFile")
    fields = {f.attname: f for f in Evidence._meta.concrete_fields}
    table = schema_editor.connection.ops.quote_name(TABLE)
    chain, head, rows = object(), GENESIS, []
    for row in Evidence.objects.order_by("update_id", "pk").values("pk", *NAMES[:-1]):
        row["sha256"] = _digest(row["file"])
        if row["update_id"] != chain:
            chain, head = row["update_id"], GENESIS
        row_hash = link(head, {n: stored_value(fields[n], row[n]) for n in NAMES})
        rows.append((row["sha256"], head, row_hash, row["pk"]))
        head = row_hash
    if rows:
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET sha256 = %s, previous_hash = %s, row_hash = %s"  # noqa: S608
                " WHERE id = %s",
                rows,
            )


class Migration(migrations.Migration):
    dependencies = [("progress", "0007_extension_decisions_and_chains")]

    operations = [
        migrations.RunPython(unguard, guard),
        migrations.AddField(
            model_name="evidencefile",
            name="sha256",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
