from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "steerco.bench"
    verbose_name = "benchmark"
