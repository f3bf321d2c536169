"""What a benchmark database holds: the synthetic dataset `steerco gen` wrote into it.

The benchmark reuses a database only when it holds exactly one dataset of the scale
and seed asked for, and refuses any database with other data in it.
"""

from django.db import models


class Dataset(models.Model):
    scale = models.CharField(max_length=16)
    seed = models.IntegerField()
    today = models.DateField(help_text="The dataset's 'today': histories stop here.")
    tasks = models.PositiveIntegerField()
    updates = models.PositiveIntegerField()
    seconds = models.FloatField()
    peak_rss_mb = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.scale} seed {self.seed}: {self.tasks} tasks, {self.updates} updates"
