"""The signed-in user comes with their agency, in one query."""

from __future__ import annotations

from typing import Any

from cairn.accounts.backends import UserWithAgencyBackend
from cairn.accounts.models import User
from tests.conftest import World


def test_the_user_is_loaded_with_their_agency(world: World, django_assert_num_queries: Any) -> None:
    officer = world.users["case_officer"]
    with django_assert_num_queries(1):
        user = UserWithAgencyBackend().get_user(officer.pk)
        assert user is not None
        assert user.agency is not None
        assert user.agency.name == world.agency_a.name


def test_an_inactive_or_missing_user_is_not_signed_in(world: World) -> None:
    officer = world.users["case_officer"]
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert UserWithAgencyBackend().get_user(officer.pk) is None
    assert UserWithAgencyBackend().get_user(999_999) is None
