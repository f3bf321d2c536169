"""On sign-in, the session takes the user's remembered language."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services import LANGUAGE_SESSION_KEY, preference_language


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if request is not None and hasattr(request, "session"):
        request.session[LANGUAGE_SESSION_KEY] = preference_language(user=user)
