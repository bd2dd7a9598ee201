"""Who may see which statistics. Aggregates only: no predicate here opens a person."""

from __future__ import annotations

from typing import Any

from cairn.accounts.permissions import can_view_aggregates, has_role
from cairn.accounts.roles import Role


def can_view_release(user: Any) -> bool:
    """The national release and equality monitoring: published-style tables."""
    return can_view_aggregates(user)


def can_view_operations(user: Any) -> bool:
    """The operational dashboard of the user's own agency."""
    return has_role(user, Role.SENIOR_OFFICER)
