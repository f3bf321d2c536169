"""The task page's responsibility section: `{% task_responsibility task as resp %}` reads
the task's responsible official and deputy, the history of who was responsible from
when, and whether the user may transfer it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from steerco.directives.models import Responsibility, Task
from steerco.people.models import Person

from ..views.responsibility import may_transfer

register = template.Library()


@dataclass
class TaskResponsibility:
    responsible: Person | None
    deputy: Person | None
    history: list[Responsibility]
    may_transfer: bool


@register.simple_tag(takes_context=True)
def task_responsibility(context: dict[str, Any], task: Task) -> TaskResponsibility:
    user = context["request"].user
    history = list(
        Responsibility.objects.filter(task=task)
        .select_related("person__unit", "deputy__unit", "author")
        .order_by("-since", "-id")
    )
    current = history[0] if history else None
    return TaskResponsibility(
        responsible=current.person if current else None,
        deputy=current.deputy if current else None,
        history=history,
        may_transfer=may_transfer(user, task),
    )
