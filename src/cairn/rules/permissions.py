"""Who may do what with policies. One condition per line."""

from __future__ import annotations

from typing import Any

from cairn.accounts.permissions import has_role
from cairn.accounts.roles import Role


def can_manage_policies(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_run_learning_review(user: Any) -> bool:
    """Senior officers and auditors replay a person's chronology under any policy version;
    what they see of the chronology is still what its owner's visibility allows."""
    return has_role(user, Role.SENIOR_OFFICER) or has_role(user, Role.AUDITOR)
