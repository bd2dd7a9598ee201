"""Every named predicate, for every role, against a table written out by hand."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from cairn.accounts import permissions
from cairn.accounts.roles import Role
from tests.factories import make_agency, make_user

PREDICATES = [
    "is_staff_member",
    "can_manage_agencies",
    "can_manage_users",
    "can_manage_api_tokens",
    "can_view_audit_log",
    "can_view_people",
    "can_view_own_referrals",
    "can_submit_referral",
    "can_review_identity",
    "can_view_aggregates",
]

# role -> predicates that hold for it (every other predicate must not hold)
EXPECTED: dict[Role, set[str]] = {
    Role.REFERRER: {"is_staff_member", "can_view_own_referrals", "can_submit_referral"},
    Role.CASE_OFFICER: {
        "is_staff_member",
        "can_view_people",
        "can_submit_referral",
        "can_review_identity",
    },
    Role.SENIOR_OFFICER: {
        "is_staff_member",
        "can_view_people",
        "can_view_aggregates",
        "can_submit_referral",
        "can_review_identity",
    },
    Role.PANEL_CHAIR: {
        "is_staff_member",
        "can_view_people",
        "can_submit_referral",
        "can_review_identity",
    },
    Role.PANEL_MEMBER: {"is_staff_member"},
    Role.PARTNER_PRACTITIONER: {"is_staff_member"},
    Role.ANALYST: {"is_staff_member", "can_view_aggregates"},
    Role.AUDITOR: {"is_staff_member", "can_view_audit_log"},
    Role.ADMINISTRATOR: {
        "is_staff_member",
        "can_manage_agencies",
        "can_manage_users",
        "can_manage_api_tokens",
    },
}


def test_every_role_is_in_the_table() -> None:
    assert set(EXPECTED) == set(Role)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("predicate", PREDICATES)
def test_predicate_for_role(role: Role, predicate: str) -> None:
    user = make_user(f"u_{role.value}", make_agency(), role)
    assert getattr(permissions, predicate)(user) is (predicate in EXPECTED[role])


@pytest.mark.django_db
@pytest.mark.parametrize("predicate", PREDICATES)
def test_nobody_without_a_role_or_account_has_any_permission(predicate: str) -> None:
    check = getattr(permissions, predicate)
    assert check(AnonymousUser()) is False
    assert check(None) is False
    inactive = make_user("gone", make_agency(), Role.ADMINISTRATOR)
    inactive.is_active = False
    assert check(inactive) is False


@pytest.mark.django_db
def test_user_without_agency_has_no_permission() -> None:
    user = make_user("loose", make_agency(), Role.ADMINISTRATOR)
    user.agency = None
    user.agency_id = None
    assert permissions.can_manage_users(user) is False
