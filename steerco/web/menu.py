"""What the menu offers a user: one predicate per entry, asked of the same permission
rules the pages ask, so that no entry leads to a 403 page.

Computed from the user's roles (`grants`, cached on the user for the request): no query
beyond the one that reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from steerco.meetings.selectors import may_list_meetings
from steerco.units.permissions import Action, UserLike, granted_paths, grants, manages_somewhere

from .peer_choices import peer_kinds


@dataclass(frozen=True)
class Menu:
    overview: bool  # the home unit's overview: a role somewhere (access.unit_for_user)
    ranking: bool  # a peer group the user may see (peer_choices.peer_kinds, as the page)
    tasks: bool
    my_work: bool
    indicators: bool
    reports: bool
    meetings: bool  # meetings.selectors.may_list_meetings, as the list page
    plan_import: bool  # intake.plan_upload: units_with_role(MANAGE) is not empty
    sheets: bool  # a unit to report for (units_with_role(REPORT))


def menu_for(user: UserLike) -> Menu:
    signed_in = bool(getattr(user, "is_authenticated", False))
    superuser = bool(getattr(user, "is_superuser", False) and user.is_active)
    holds_role = superuser or bool(grants(user))
    return Menu(
        overview=holds_role,
        ranking=bool(peer_kinds(user)),
        tasks=signed_in,
        my_work=signed_in,
        indicators=signed_in,
        reports=signed_in,
        meetings=may_list_meetings(user),
        plan_import=manages_somewhere(user),
        sheets=superuser or bool(granted_paths(user, Action.REPORT)),
    )
