"""The people a programme team holds referrals about."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.lib.errors import ServiceError
from cairn.people import selectors, services
from cairn.people.forms import (
    CommunalAddressForm,
    PersonSearchForm,
    ReviewDecisionForm,
    UnlinkForm,
)
from cairn.people.models import LinkStatus
from cairn.referrals.selectors import referral_list_for_person
from cairn.web.access import require
from cairn.web.forms import add_service_error

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
    records = list(selectors.person_records_for(user=request.user, person=person))
    context = {
        "person": person,
        "referrals": referral_list_for_person(user=request.user, person=person),
        "records": records,
        "can_unlink": permissions.can_review_identity(request.user) and len(records) > 1,
        "identity_pending": any(r.link_status == LinkStatus.REVIEW for r in records),
    }
    return render(request, "people/person_detail.html", context)


@require(permissions.can_review_identity)
def review_queue(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    reviews = selectors.identity_review_queue_for(user=request.user)
    return render(request, "people/review_queue.html", {"reviews": reviews})


# Rows of the side-by-side comparison: (label, field in the model's record).
COMPARED = [
    ("First name", "given_name"),
    ("Last name", "family_name"),
    ("Date of birth", "date_of_birth"),
    ("Sex", "sex"),
    ("Postcode", "postcode"),
    ("Address", "address"),
    ("NHS number", "nhs_number"),
    ("Unique pupil number", "upn"),
    ("PNC id", "pnc_id"),
]


@require(permissions.can_review_identity)
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    comparison = selectors.identity_review_get_for(user=request.user, review_id=review_id)
    if comparison is None:
        raise Http404
    review = comparison.review
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_review_decide(
                actor=request.user,
                review=review,
                same_person=form.cleaned_data["decision"] == "same",
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Decision recorded")
            return redirect("people:review-queue")
    withheld = f"Withheld: held by {review.candidate.agency.name}"
    rows = [
        (
            label,
            getattr(review.record, name),
            getattr(review.candidate, name) if comparison.candidate_visible else withheld,
        )
        for label, name in COMPARED
    ]
    labels = {**dict((name, label) for label, name in COMPARED), "identifiers": "Identifiers"}
    weights = [(labels.get(f.field, f.field), f.label, f.weight) for f in comparison.match.fields]
    context = {
        "review": review,
        "match": comparison.match,
        "weights": weights,
        "rows": rows,
        "form": form,
        "candidate_visible": comparison.candidate_visible,
    }
    return render(request, "people/review_detail.html", context)


@require(permissions.can_review_identity)
def record_unlink(request: HttpRequest, record_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    record = selectors.source_record_get_for(user=request.user, record_id=record_id)
    if record is None:
        raise Http404
    form = UnlinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.source_record_unlink(
                actor=request.user, record=record, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Record unlinked")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/record_unlink.html", {"record": record, "form": form})


# --- administrators: the communal address list ------------------------------------------------
# The list is the deployment's configuration, as agencies are, so the agencies' predicate
# guards it.


@require(permissions.can_manage_communal_addresses)
def communal_address_list(request: HttpRequest) -> HttpResponse:
    entries = selectors.communal_address_list()
    return render(request, "people/communal_address_list.html", {"entries": entries})


@require(permissions.can_manage_communal_addresses)
def communal_address_create(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    form = CommunalAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.communal_address_add(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Address listed as communal")
            return redirect("people:communal-address-list")
    return render(request, "people/communal_address_form.html", {"form": form})


@require(permissions.can_manage_communal_addresses)
@require_POST
def communal_address_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    entry = selectors.communal_address_get(entry_id=entry_id)
    if entry is None:
        raise Http404
    try:
        services.communal_address_remove(actor=request.user, entry=entry)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Address taken off the communal list")
    return redirect("people:communal-address-list")
