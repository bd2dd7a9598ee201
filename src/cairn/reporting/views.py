"""Aggregate statistics for analysts and senior officers."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.reporting import selectors
from cairn.web.access import require


@require(permissions.can_view_aggregates)
def overview(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    tables = selectors.referral_count_tables_for(user=request.user)
    context = {"tables": tables, "threshold": settings.DISCLOSURE_THRESHOLD}
    return render(request, "reporting/overview.html", context)
