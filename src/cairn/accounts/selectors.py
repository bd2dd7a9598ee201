"""Reads about users and tokens. None of these return personal data about the public."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from cairn.accounts.models import ApiToken, RoleAssignment, User
from cairn.accounts.roles import Role


def user_role_codes(user: User) -> frozenset[str]:
    """The role codes the user holds, cached on the instance for the request."""
    cached: frozenset[str] | None = getattr(user, "_cairn_roles", None)
    if cached is None:
        if not user.is_active or user.pk is None:
            cached = frozenset()
        else:
            cached = frozenset(user.role_assignments.values_list("role", flat=True))
        user._cairn_roles = cached  # type: ignore[attr-defined]
    return cached


def user_list() -> QuerySet[User]:
    return User.objects.select_related("agency").prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role"))
    )


def user_get(*, user_id: int) -> User | None:
    return user_list().filter(pk=user_id).first()


def role_labels(user: User) -> list[str]:
    return [Role(a.role).label for a in user.role_assignments.all()]


def api_token_list() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("agency", "created_by", "revoked_by")
