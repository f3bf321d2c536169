"""Signing in with a username and password, as Django's ModelBackend does; the signed-in
user of every request read by one statement compiled once (`steerco.lib.rows.get_row`)
instead of a queryset compiled for each request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from steerco.lib.rows import get_row


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = get_row(get_user_model(), pk)
        return user if user is not None and self.user_can_authenticate(user) else None
