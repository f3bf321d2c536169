"""Who may record money for a task — the one question the budget pages, the disbursement
sheet and the commands ask before a write.

- An estimate or an allocation is a decision about the task's funding: recorded by a
  manager of the unit that assigned the task (who manages it) or of its lead unit (whose
  budget carries it) — the roles of steerco.directives.permissions.may (MANAGE on the
  task) and steerco.units.permissions.may_on_unit (MANAGE on the lead unit).
- A disbursement is a fact the lead unit's accounts know: recorded by a reporter of the
  lead unit or anyone above (a role covering it: reporter, manager, administrator), as
  progress is reported.
"""

from __future__ import annotations

from enum import StrEnum

from steerco.directives.models import Task
from steerco.directives.permissions import Action, may
from steerco.units.permissions import UserLike, may_on_unit


class MoneyRecord(StrEnum):
    ESTIMATE = "estimate"
    ALLOCATION = "allocation"
    DISBURSEMENT = "disbursement"


def may_record(user: UserLike, kind: MoneyRecord | str, task: Task) -> bool:
    """May `user` record an estimate, an allocation or a disbursement for `task`?"""
    kind = MoneyRecord(kind)
    if kind == MoneyRecord.DISBURSEMENT:
        return may_on_unit(user, Action.REPORT, task.lead_unit)
    return may(user, Action.MANAGE, task) or may_on_unit(user, Action.MANAGE, task.lead_unit)
