"""Named predicates for what a user may do. One condition per line; views, templates and
selectors ask these and never test roles themselves."""

from __future__ import annotations

from typing import Any

from cairn.accounts.roles import PARTNER_ROLES, PROGRAMME_ROLES, Role
from cairn.accounts.selectors import user_role_codes


def _roles(user: Any) -> frozenset[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    if not user.is_active or user.agency_id is None:
        return frozenset()
    return user_role_codes(user)


def has_role(user: Any, role: Role) -> bool:
    return role in _roles(user)


def is_staff_member(user: Any) -> bool:
    return bool(_roles(user))


def can_manage_agencies(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_manage_users(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_manage_api_tokens(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_view_audit_log(user: Any) -> bool:
    return has_role(user, Role.AUDITOR)


def can_view_people(user: Any) -> bool:
    return bool(_roles(user) & PROGRAMME_ROLES)


def can_review_identity(user: Any) -> bool:
    return bool(_roles(user) & PROGRAMME_ROLES)


def can_submit_referral(user: Any) -> bool:
    return has_role(user, Role.REFERRER) or bool(_roles(user) & PROGRAMME_ROLES)


def can_view_own_referrals(user: Any) -> bool:
    return has_role(user, Role.REFERRER)


def can_view_aggregates(user: Any) -> bool:
    return has_role(user, Role.ANALYST) or has_role(user, Role.SENIOR_OFFICER)


def can_view_chronology(user: Any) -> bool:
    """Programme officers, and partners who are sent entries, read chronologies."""
    return bool(_roles(user) & (PROGRAMME_ROLES | PARTNER_ROLES))


def can_record_entries(user: Any) -> bool:
    return bool(_roles(user) & (PROGRAMME_ROLES | PARTNER_ROLES))


def can_import_case_files(user: Any) -> bool:
    return has_role(user, Role.SENIOR_OFFICER) or has_role(user, Role.CASE_OFFICER)


def can_amend_entry(user: Any, entry: Any) -> bool:
    """Only the agency that recorded a chronology entry corrects it, adds documents to it or
    decides the indicators suggested from it."""
    return can_work_on_agency_entries(user) and user.agency_id == entry.owning_agency_id


def can_view_cases(user: Any) -> bool:
    """Programme roles see their own agency's cases (which case, `cases.selectors` decides)."""
    return bool(_roles(user) & PROGRAMME_ROLES)


def can_work_cases(user: Any) -> bool:
    return has_role(user, Role.CASE_OFFICER) or has_role(user, Role.SENIOR_OFFICER)


def can_approve_decisions(user: Any) -> bool:
    return has_role(user, Role.SENIOR_OFFICER)


def can_override_flags(user: Any) -> bool:
    return has_role(user, Role.SENIOR_OFFICER)


def can_view_override_report(user: Any) -> bool:
    return has_role(user, Role.SENIOR_OFFICER) or has_role(user, Role.AUDITOR)


def can_make_transition(user: Any, roles: Any) -> bool:
    """Whether the user holds one of the roles a row of the case workflow names."""
    return bool(_roles(user) & frozenset(roles))


def can_manage_communal_addresses(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_respond_onward_referrals(user: Any) -> bool:
    """Partner practitioners answer onward referrals addressed to their agency."""
    return has_role(user, Role.PARTNER_PRACTITIONER)


def can_work_on_agency_entries(user: Any) -> bool:
    """Programme officers and practitioners read, record and amend their own agency's
    chronology entries. A panel member sees only what is shared with their agency, until a
    panel gives them a case."""
    return bool(_roles(user) & PROGRAMME_ROLES) or has_role(user, Role.PARTNER_PRACTITIONER)


def can_list_chronologies(user: Any) -> bool:
    """Partners find the people whose entries were shared with them from a list; programme
    officers have the people list and search instead."""
    return can_view_chronology(user) and not can_view_people(user)


def can_review_chronologies(user: Any) -> bool:
    """Auditors read a chronology only in a learning review, never on its own pages."""
    return has_role(user, Role.AUDITOR)


def can_send_partner_events(user: Any) -> bool:
    """Practitioners at partner agencies send what their agency knows about people."""
    return has_role(user, Role.PARTNER_PRACTITIONER)
