"""A referrer's view of the referrals they made."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.referrals import selectors
from cairn.web.access import require


@require(permissions.can_view_own_referrals)
def my_referrals(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    referrals = selectors.referral_list_mine(user=request.user)
    return render(request, "referrals/mine.html", {"referrals": referrals})
