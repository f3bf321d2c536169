"""On sign-in, the session takes the user's remembered language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from .services import LANGUAGE_SESSION_KEY, preference_language

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@receiver(user_logged_in)
def remember_language(
    sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LANGUAGE_SESSION_KEY] = preference_language(user=user)
