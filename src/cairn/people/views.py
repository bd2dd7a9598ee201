"""The people a programme team holds referrals about."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.people import selectors
from cairn.people.forms import PersonSearchForm
from cairn.referrals.selectors import referral_list_for_person
from cairn.web.access import require

PAGE_SIZE = 50


@require(permissions.can_view_people)
def person_list(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    form = PersonSearchForm(request.POST or None)
    if request.method == "POST":
        hits = None
        if form.is_valid():
            hits = selectors.person_search_for(user=request.user, **form.cleaned_data)
        return render(request, "people/person_list.html", {"form": form, "hits": hits})
    page = Paginator(selectors.person_list_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    selectors.person_list_record(user=request.user, person_ids=[p.pk for p in page])
    return render(request, "people/person_list.html", {"form": form, "page": page})


@require(permissions.can_view_people)
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    person = selectors.person_get_for(user=request.user, person_id=person_id)
    if person is None:
        raise Http404
    context = {
        "person": person,
        "referrals": referral_list_for_person(user=request.user, person=person),
        "records": selectors.person_records_for(user=request.user, person=person),
    }
    return render(request, "people/person_detail.html", context)
