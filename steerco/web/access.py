"""The access helpers of the pages: steerco/progress/access.py, shared with the API (one
per object kind, each asking steerco.directives.permissions.may; 404 alike for what does not
exist and what the user may not see, 403 for an action their role lacks)."""

from steerco.progress.access import (
    directive_for_user,
    directive_param,
    evidence_for_user,
    extension_for_user,
    task_for_user,
    task_param,
    task_to_report,
    unit_by_code,
    unit_by_id,
    unit_for_user,
    unit_param,
)

__all__ = [
    "directive_for_user",
    "directive_param",
    "evidence_for_user",
    "extension_for_user",
    "task_for_user",
    "task_param",
    "task_to_report",
    "unit_by_code",
    "unit_by_id",
    "unit_for_user",
    "unit_param",
]
