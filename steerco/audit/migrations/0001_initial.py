"""The audit trail's write-once table: its triggers refuse UPDATE and DELETE."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from steerco.lib.append_only import guard_operation


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(verbose_name='at')),
                ('day', models.DateField(help_text="the event's date in the project's time zone", verbose_name='day')),
                ('actor_name', models.CharField(blank=True, max_length=300, verbose_name='by (name)')),
                ('source', models.CharField(choices=[('web', 'web page'), ('admin', 'admin site'), ('cli', 'command line'), ('import', 'import'), ('system', 'system')], max_length=16, verbose_name='through')),
                ('action', models.CharField(choices=[('created', 'created'), ('changed', 'changed'), ('deleted', 'deleted'), ('password_changed', 'password changed'), ('plan_imported', 'plan imported'), ('bulk_loaded', 'loaded in bulk')], max_length=32, verbose_name='action')),
                ('object_type', models.CharField(help_text='app_label.model, e.g. directives.task', max_length=100, verbose_name='object type')),
                ('object_id', models.CharField(max_length=64, verbose_name='object id')),
                ('object_label', models.CharField(max_length=300, verbose_name='object')),
                ('changes', models.JSONField(blank=True, default=dict, help_text='{field: [old, new]}; foreign keys as {id, label}; never a password', verbose_name='changes')),
                ('previous_hash', models.CharField(editable=False, max_length=64)),
                ('row_hash', models.CharField(editable=False, max_length=64)),
                ('actor', models.ForeignKey(blank=True, help_text='empty when the system acted', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
            ],
            options={
                'verbose_name': 'audit event',
                'verbose_name_plural': 'audit events',
                'ordering': ['-at', '-id'],
                'indexes': [models.Index(fields=['day', 'id'], name='audit_audit_day_9a8de9_idx'), models.Index(fields=['object_type', 'object_id', 'id'], name='audit_audit_object__0898ad_idx'), models.Index(fields=['actor', 'id'], name='audit_audit_actor_i_88c13e_idx')],
            },
        ),
        guard_operation("audit_auditevent", "audit events are write-once"),
    ]
