"""Two steps of tamper evidence on the progress history.

1. An extension's decision becomes a row of its own (`ExtensionDecision`), written once;
   the request (`Extension`) is never changed again. Existing decisions are copied from
   the request's old columns (status, decided_on, decided_by, decision_note), recorded at
   the time of this migration (when they were recorded first is not known).
2. Every history row carries `previous_hash` and `row_hash` (steerco.lib.hashchain): one
   chain per task (per update for evidence files), in the order of the pk; existing rows
   are linked here. The triggers of 0006 are dropped for the backfill and every history
   table — updates, evidence, extension requests and decisions — is guarded after it.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from steerco.lib import append_only
from steerco.lib.hashchain import GENESIS, link, stored_value

UPDATES = "progress history is append-only: add a new update instead"
EVIDENCE = "evidence is part of the progress history: attach it to a new update instead"
REQUESTS = "an extension request is never changed: decide it with a decision row"
DECISIONS = "an extension's decision is final: it is never changed"

# The attnames each table's hash covers, as they were at this migration.
CHAINS = {
    "ProgressUpdate": (
        "task_id",
        (
            "task_id",
            "kind",
            "reported_on",
            "state",
            "percent",
            "done",
            "obstacles",
            "proposals",
            "product_symbol",
            "product_date",
            "links",
            "note",
            "unit_id",
            "author_id",
            "recorded_at",
            "idempotency_key",
            "backdated_by_manager",
            "needs_acceptance",
            "completed_on",
            "accepted_on",
            "counted_completed_on",
        ),
    ),
    "EvidenceFile": ("update_id", ("update_id", "file", "name", "size", "content_type")),
    "Extension": (
        "task_id",
        ("task_id", "requested_on", "requested_by_id", "previous_due_on", "new_due_on", "reason"),
    ),
    "ExtensionDecision": (
        "task_id",
        ("extension_id", "task_id", "status", "decided_on", "decided_by_id", "note", "recorded_at"),
    ),
}
GUARDED = {
    "progress_progressupdate": UPDATES,
    "progress_evidencefile": EVIDENCE,
    "progress_extension": REQUESTS,
    "progress_extensiondecision": DECISIONS,
}


def unguard(apps, schema_editor):
    for table in ("progress_progressupdate", "progress_evidencefile"):
        append_only.remove(table, schema_editor.connection)


def guard_again(apps, schema_editor):
    for table in ("progress_progressupdate", "progress_evidencefile"):
        append_only.install(table, GUARDED[table], schema_editor.connection)


def copy_decisions(apps, schema_editor):
    Extension = apps.get_model("progress", "Extension")
    Decision = apps.get_model("progress", "ExtensionDecision")
    now = django.utils.timezone.now()
    Decision.objects.bulk_create(
        [
            Decision(
                extension_id=e.pk,
                task_id=e.task_id,
                status=e.status,
                decided_on=e.decided_on,
                decided_by_id=e.decided_by_id,
                note=e.decision_note,
                recorded_at=now,
            )
            for e in Extension.objects.exclude(status="requested").order_by("id")
        ],
        batch_size=2000,
    )


def copy_back(apps, schema_editor):
    Extension = apps.get_model("progress", "Extension")
    for d in apps.get_model("progress", "ExtensionDecision").objects.all():
        Extension.objects.filter(pk=d.extension_id).update(
            status=d.status,
            decided_on=d.decided_on,
            decided_by_id=d.decided_by_id,
            decision_note=d.note,
        )


def link_chains(apps, schema_editor):
    connection = schema_editor.connection
    for name, (key, names) in CHAINS.items():
        model = apps.get_model("progress", name)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        table = connection.ops.quote_name(model._meta.db_table)
        rows = (
            model.objects.order_by(key, "pk")
            .values_list(key, "pk", *names)
            .iterator(chunk_size=5000)
        )
        chain, head, batch = object(), GENESIS, []
        with connection.cursor() as cursor:
            for k, pk, *values in rows:
                if k != chain:
                    chain, head = k, GENESIS
                row_hash = link(
                    head, {n: stored_value(fields[n], v) for n, v in zip(names, values)}
                )
                batch.append((head, row_hash, pk))
                head = row_hash
                if len(batch) >= 5000:
                    _write(cursor, table, batch)
                    batch = []
            _write(cursor, table, batch)


def _write(cursor, table, batch):
    if batch:
        cursor.executemany(
            f"UPDATE {table} SET previous_hash = %s, row_hash = %s WHERE id = %s",
            batch,  # noqa: S608
        )


def guard_all(apps, schema_editor):
    for table, message in GUARDED.items():
        append_only.install(table, message, schema_editor.connection)


def unguard_all(apps, schema_editor):
    for table in GUARDED:
        append_only.remove(table, schema_editor.connection)


def hash_fields():
    return [
        (
            "previous_hash",
            models.CharField(
                default="", editable=False, max_length=64, verbose_name="previous hash"
            ),
        ),
        (
            "row_hash",
            models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0002_task_cache_for_counts"),
        ("progress", "0006_history_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(unguard, guard_again),
        migrations.CreateModel(
            name="ExtensionDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("requested", "requested"),
                            ("approved", "approved"),
                            ("rejected", "rejected"),
                        ],
                        max_length=16,
                        verbose_name="decision",
                    ),
                ),
                ("decided_on", models.DateField(verbose_name="decided on")),
                ("note", models.TextField(blank=True, verbose_name="decision note")),
                (
                    "recorded_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="recorded at"
                    ),
                ),
                *hash_fields(),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "extension",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decision",
                        to="progress.extension",
                        verbose_name="extension",
                    ),
                ),
                (
                    "task",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="directives.task",
                        verbose_name="task",
                    ),
                ),
            ],
            options={
                "verbose_name": "extension decision",
                "verbose_name_plural": "extension decisions",
                "ordering": ["task_id", "decided_on", "id"],
                "indexes": [
                    models.Index(
                        fields=["task", "status", "decided_on"], name="extension_decision_task"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["approved", "rejected"])),
                        name="extension_decision_status",
                    )
                ],
            },
        ),
        migrations.RunPython(copy_decisions, copy_back),
        migrations.RemoveConstraint(model_name="extension", name="extension_decided_has_date"),
        migrations.RemoveIndex(model_name="extension", name="extension_task_decided"),
        migrations.RemoveField(model_name="extension", name="status"),
        migrations.RemoveField(model_name="extension", name="decided_on"),
        migrations.RemoveField(model_name="extension", name="decided_by"),
        migrations.RemoveField(model_name="extension", name="decision_note"),
        *[
            migrations.AddField(model_name=model, name=name, field=field, preserve_default=False)
            for model in ("progressupdate", "evidencefile", "extension")
            for name, field in hash_fields()
        ],
        migrations.AlterField(
            model_name="extensiondecision",
            name="previous_hash",
            field=models.CharField(editable=False, max_length=64, verbose_name="previous hash"),
        ),
        migrations.AlterField(
            model_name="extensiondecision",
            name="row_hash",
            field=models.CharField(editable=False, max_length=64, verbose_name="hash"),
        ),
        migrations.RunPython(link_chains, migrations.RunPython.noop),
        migrations.RunPython(guard_all, unguard_all),
    ]
