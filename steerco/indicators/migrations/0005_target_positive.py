"""A target must be more than 0: it is a ratio term (achievement, an index's `target`
normalisation; `validation.target_problem`). Before the constraint is added, targets of 0
or below are listed and the migration stops, so none is changed behind anyone's back:
correct them (`steerco targets import` with a positive target, or delete them in the
admin), then migrate again."""

from django.db import migrations, models


def refuse_targets_not_above_zero(apps, schema_editor):
    Target = apps.get_model("indicators", "Target")
    bad = list(
        Target.objects.filter(target__lte=0)
        .order_by("indicator__code", "unit__code", "period")
        .values_list("indicator__code", "unit__code", "period", "target")[:20]
    )
    if bad:
        listed = "; ".join(f"{i} {u} {p}: {t}" for i, u, p, t in bad)
        raise RuntimeError(
            "targets must be more than 0 (they are ratio terms); correct or delete these "
            f"first (indicator unit period: target): {listed}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_indices"),
    ]

    operations = [
        migrations.RunPython(refuse_targets_not_above_zero, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="target",
            constraint=models.CheckConstraint(
                condition=models.Q(("target__gt", 0)),
                name="target_positive",
                violation_error_message="A target must be more than 0.",
            ),
        ),
    ]
