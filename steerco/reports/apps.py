from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "steerco.reports"
    verbose_name = "Meeting reports"
