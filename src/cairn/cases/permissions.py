"""Who may do what with the case app's own records beyond the workflow table (whose
predicates live in `accounts.permissions`). One condition per line."""

from __future__ import annotations

from typing import Any

from cairn.accounts.permissions import can_amend_entry, can_work_cases, has_role
from cairn.accounts.roles import Role


def can_manage_assessment_templates(user: Any) -> bool:
    """Assessment templates are versioned data, changed by administrators as policies are."""
    return has_role(user, Role.ADMINISTRATOR)


def can_assess(user: Any) -> bool:
    return can_work_cases(user)


def can_decide_suggestions_on_case(user: Any, entry: Any) -> bool:
    """From the case, an officer decides the suggestions of entries their agency recorded;
    another agency's entry is decided by that agency (the chronology's rule)."""
    return can_work_cases(user) and can_amend_entry(user, entry)


def can_resolve_flags(user: Any) -> bool:
    """Officers working cases resolve a non-blocking flag with a written rationale; a blocking
    one is resolved only by the record it asks for, or overridden by a senior officer."""
    return can_work_cases(user)
