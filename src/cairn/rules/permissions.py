"""Who may do what with policies. One condition per line."""

from __future__ import annotations

from typing import Any

from cairn.accounts.permissions import has_role
from cairn.accounts.roles import Role


def can_manage_policies(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)
