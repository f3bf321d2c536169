from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "steerco.meetings"
    verbose_name = "Meetings and concluding notices"
