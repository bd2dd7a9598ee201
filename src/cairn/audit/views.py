"""The auditor's search of the audit log and check of its hash chain."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.audit import selectors
from cairn.audit.chain import audit_chain_verify
from cairn.audit.forms import AuditSearchForm
from cairn.audit.services import audit_record
from cairn.web.access import require

PAGE_SIZE = 100


@require(permissions.can_view_audit_log)
def search(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    form = AuditSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        entries = selectors.audit_search_for(
            user=request.user,
            person_id=data["person_id"],
            actor_name=data["user"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    elif not form.is_bound:
        page = Paginator(selectors.audit_search_for(user=request.user), PAGE_SIZE).get_page(1)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/search.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@require(permissions.can_view_audit_log)
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    report = audit_chain_verify()
    audit_record(
        actor=request.user,
        action="audit.verify",
        object_type="audit_log",
        detail={"checked": report.checked, "ok": report.ok},
    )
    return render(request, "audit/verify.html", {"report": report})
