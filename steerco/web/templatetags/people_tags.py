"""`user|administers_accounts`: whether the navigation offers the account pages (a manager
somewhere, or a superuser). Asked of the roles the request has already read in most pages
(`steerco.units.permissions.grants` keeps them on the user)."""

from typing import Any

from django import template

from steerco.accounts.permissions import manages_accounts

register = template.Library()


@register.filter
def administers_accounts(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and manages_accounts(user)
