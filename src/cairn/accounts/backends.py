"""Signing in against Cairn's own users."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from cairn.accounts.models import User


class UserWithAgencyBackend(ModelBackend):
    """Django's model backend, loading the signed-in user's agency with them: every page's
    navigation and every visibility rule reads it, so it comes in the same query."""

    def get_user(self, user_id: Any) -> User | None:
        user = User._default_manager.select_related("agency").filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
