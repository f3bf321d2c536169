"""Words for the classes and colours, translatable."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from steerco.progress.classification import TaskClass

CLASS_LABELS = {
    TaskClass.DONE_ON_TIME.value: _("done on time"),
    TaskClass.DONE_LATE.value: _("done late"),
    TaskClass.ON_TRACK.value: _("on track"),
    TaskClass.OVERDUE.value: _("overdue"),
    TaskClass.REGULAR.value: _("regular"),
    TaskClass.CANCELLED.value: _("cancelled"),
}

# Colour name -> hex for charts (Bootstrap's palette, readable on white).
COLOUR_HEX = {"green": "#198754", "yellow": "#e0a800", "red": "#dc3545", "": "#6c757d"}
CLASS_HEX = {
    TaskClass.DONE_ON_TIME.value: "#198754",
    TaskClass.DONE_LATE.value: "#9acd32",
    TaskClass.ON_TRACK.value: "#e0a800",
    TaskClass.OVERDUE.value: "#dc3545",
    TaskClass.REGULAR.value: "#0d6efd",
    TaskClass.CANCELLED.value: "#adb5bd",
}


def class_colour(task_class: str | None) -> str:
    """green / yellow / red, or "" for uncoloured classes (configuration: STEERCO_COLOURS)."""
    return settings.STEERCO_COLOURS.get(task_class or "", "")


def class_choices() -> list[tuple[str, object]]:
    return [(k, v) for k, v in CLASS_LABELS.items()]
