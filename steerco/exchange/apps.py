from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "steerco.exchange"
    verbose_name = "Exchange between steerco instances"
