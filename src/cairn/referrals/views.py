"""Making a referral (a question flow for signed-in referrers, and the optional public form),
and a referrer's view of the referrals they made."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.accounts.roles import Role
from cairn.accounts.selectors import user_role_codes
from cairn.lib.errors import ServiceError
from cairn.lib.vocab import CONCERN_TYPES, ETHNICITIES, GENDERS, INDICATORS
from cairn.people.models import Sex
from cairn.referrals import selectors, services
from cairn.referrals.forms import (
    ConcernForm,
    PersonForm,
    PublicReferralForm,
    ReferrerForm,
    identity_from,
)
from cairn.web.access import require

DRAFT = "cairn_referral_draft"

PAGES: dict[str, tuple[type[forms.Form], str]] = {
    "person": (PersonForm, "About the person"),
    "concern": (ConcernForm, "About the concern"),
    "referrer": (ReferrerForm, "About you"),
}
ORDER = list(PAGES)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _stored(request: HttpRequest, page: str) -> QueryDict | None:
    answers = request.session.get(DRAFT, {}).get(page)
    if answers is None:
        return None
    data = QueryDict(mutable=True)
    for key, values in answers.items():
        data.setlist(key, values)
    return data


def _bound_forms(request: HttpRequest) -> dict[str, forms.Form]:
    return {page: form_class(_stored(request, page)) for page, (form_class, _) in PAGES.items()}


@require(permissions.can_submit_referral)
def referral_start(request: HttpRequest) -> HttpResponse:
    request.session.pop(DRAFT, None)
    return redirect("referrals:question", page=ORDER[0])


@require(permissions.can_submit_referral)
def referral_question(request: HttpRequest, page: str) -> HttpResponse:
    if page not in PAGES:
        raise Http404
    form_class, title = PAGES[page]
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            draft = request.session.get(DRAFT, {})
            draft[page] = {
                k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"
            }
            request.session[DRAFT] = draft
            following = ORDER.index(page) + 1
            if request.GET.get("change") or following == len(ORDER):
                return redirect("referrals:check")
            return redirect("referrals:question", page=ORDER[following])
    else:
        stored = _stored(request, page)
        initial = _referrer_initial(_user(request)) if page == "referrer" else None
        form = form_class(stored) if stored is not None else form_class(initial=initial)
    index = ORDER.index(page)
    back = reverse("referrals:question", args=[ORDER[index - 1]]) if index else reverse("web:home")
    context = {"form": form, "title": title, "step": index + 1, "steps": len(ORDER), "back": back}
    return render(request, "referrals/question.html", context)


def _referrer_initial(user: User) -> dict[str, Any]:
    roles = sorted(user_role_codes(user))
    return {
        "referrer_name": user.get_full_name(),
        "referrer_email": user.email,
        "referrer_role": f"{Role(roles[0]).label}, {user.agency}" if roles else "",
    }


def _answers(forms_by_page: dict[str, forms.Form]) -> list[dict[str, Any]]:
    """The check-your-answers rows, each with the page to change it on."""
    person = forms_by_page["person"].cleaned_data
    concern = forms_by_page["concern"].cleaned_data
    referrer = forms_by_page["referrer"].cleaned_data
    dob = person.get("date_of_birth")
    rows = [
        ("person", "Name", f"{person['given_name']} {person['family_name']}"),
        ("person", "Other names", ", ".join(person["other_names"].splitlines())),
        ("person", "Date of birth", dob.strftime("%-d %B %Y") if dob else ""),
        ("person", "Sex", Sex(person["sex"]).label),
        ("person", "Gender", GENDERS[person["gender"]]),
        ("person", "Ethnic group", ETHNICITIES[person["ethnicity"]]),
        ("person", "Address", " ".join(filter(None, [person["address"], person["postcode"]]))),
        (
            "person",
            "Identifiers",
            ", ".join(
                f"{label} {person[key]}"
                for key, label in (
                    ("nhs_number", "NHS number"),
                    ("upn", "UPN"),
                    ("pnc_id", "PNC id"),
                )
                if person[key]
            ),
        ),
        ("concern", "Kind of concern", CONCERN_TYPES[concern["concern_type"]]),
        ("concern", "Concern", concern["summary"]),
        ("concern", "Known to be true", ", ".join(INDICATORS[c] for c in concern["indicators"])),
        ("referrer", "Local authority", str(referrer["local_authority"])),
        (
            "referrer",
            "You",
            ", ".join(
                filter(
                    None,
                    [
                        referrer["referrer_name"],
                        referrer["referrer_role"],
                        referrer["referrer_email"],
                        referrer["referrer_phone"],
                    ],
                )
            ),
        ),
    ]
    return [{"page": page, "key": key, "value": value} for page, key, value in rows]


def _referral_input(forms_by_page: dict[str, forms.Form]) -> services.ReferralInput:
    person = forms_by_page["person"].cleaned_data
    concern = forms_by_page["concern"].cleaned_data
    referrer = forms_by_page["referrer"].cleaned_data
    return services.ReferralInput(
        person=identity_from(person),
        gender=person["gender"],
        ethnicity=person["ethnicity"],
        concern_type=concern["concern_type"],
        summary=concern["summary"],
        indicators=concern["indicators"],
        owning_agency_id=referrer["local_authority"].pk,
        referrer=services.ReferrerDetails(
            name=referrer["referrer_name"],
            role=referrer["referrer_role"],
            email=referrer["referrer_email"],
            phone=referrer["referrer_phone"],
        ),
    )


def _suggestions(concern: dict[str, Any]) -> list[dict[str, Any]]:
    """What the suggester read in the description and the referrer has not ticked, each with
    the words it rests on highlighted in their context."""
    from cairn.indicators.suggest import suggest

    text: str = concern["summary"]
    shown = []
    for found in suggest(text):
        if found.code in concern["indicators"]:
            continue
        before = text[max(0, found.start - 80) : found.start]
        after = text[found.end : found.end + 80]
        shown.append(
            {
                "code": found.code,
                "label": INDICATORS[found.code],
                "whole_sentence": found.source == "model",
                "evidence": format_html(
                    "{}{}<mark>{}</mark>{}{}",
                    "…" if found.start > 80 else "",
                    before,
                    found.text,
                    after,
                    "…" if found.end + 80 < len(text) else "",
                ),
            }
        )
    return shown


@require(permissions.can_submit_referral)
def referral_check(request: HttpRequest) -> HttpResponse:
    forms_by_page = _bound_forms(request)
    for page in ORDER:
        if not forms_by_page[page].is_bound or not forms_by_page[page].is_valid():
            return redirect("referrals:question", page=page)
    concern = forms_by_page["concern"].cleaned_data
    suggestions = _suggestions(concern)
    if request.method == "POST" and "accept_suggestions" in request.POST:
        # The referrer confirms what Cairn read: the ticked codes join what they know to be
        # true; the rest are not recorded (the programme team reads the text afresh).
        offered = {s["code"] for s in suggestions}
        accepted = [c for c in request.POST.getlist("accepted") if c in offered]
        draft = request.session.get(DRAFT, {})
        draft["concern"]["indicators"] = sorted(set(concern["indicators"]) | set(accepted))
        request.session[DRAFT] = draft
        return redirect("referrals:check")
    error = None
    if request.method == "POST":
        try:
            referral = services.referral_submit(
                actor=_user(request),
                referring_agency=_user(request).agency,  # type: ignore[arg-type]
                data=_referral_input(forms_by_page),
            )
        except ServiceError as refused:
            error = refused.message
        else:
            request.session.pop(DRAFT, None)
            request.session["cairn_referral_sent"] = referral.reference
            return redirect("referrals:sent")
    return render(
        request,
        "referrals/check.html",
        {"answers": _answers(forms_by_page), "error": error, "suggestions": suggestions},
    )


@require(permissions.can_submit_referral)
def referral_sent(request: HttpRequest) -> HttpResponse:
    reference = request.session.get("cairn_referral_sent")
    if not reference:
        return redirect("web:home")
    return render(request, "referrals/sent.html", {"reference": reference})


@require(permissions.can_view_own_referrals)
def my_referrals(request: HttpRequest) -> HttpResponse:
    referrals = selectors.referral_list_mine(user=_user(request))
    return render(request, "referrals/mine.html", {"referrals": referrals})


@login_not_required
def public_referral(request: HttpRequest) -> HttpResponse:
    """The optional public form. It shows back nothing but a reference number, and each
    network address may use it only a few times an hour."""
    if not settings.PUBLIC_REFERRALS:
        raise Http404
    form = PublicReferralForm(request.POST or None)
    if request.method == "POST":
        address = request.META.get("REMOTE_ADDR", "")
        if not services.public_submission_allow(address=address):
            return render(request, "referrals/public_limited.html", status=429)
        if form.is_valid():
            data = form.cleaned_data
            owner = data["local_authority"]
            referral_input = services.ReferralInput(
                person=identity_from(data),
                concern_type="mixed_unclear",
                summary=data["summary"],
                owning_agency_id=owner.pk,
                sector=data["relationship"],
                referrer=services.ReferrerDetails(
                    name=data["referrer_name"],
                    role=PUBLIC_ROLE[data["relationship"]],
                    email=data["referrer_email"],
                    phone=data["referrer_phone"],
                ),
            )
            try:
                referral = services.referral_submit(
                    actor=None, referring_agency=owner, data=referral_input
                )
            except ServiceError as refused:
                form.add_error(
                    refused.field if refused.field in form.fields else None, refused.message
                )
            else:
                request.session["cairn_public_reference"] = referral.reference
                return redirect("referrals:public-sent")
    return render(request, "referrals/public.html", {"form": form})


PUBLIC_ROLE = {"family": "Family member", "community": "Member of the community", "other": "Other"}


@login_not_required
def public_sent(request: HttpRequest) -> HttpResponse:
    if not settings.PUBLIC_REFERRALS:
        raise Http404
    reference = request.session.pop("cairn_public_reference", None)
    if reference is None:
        return redirect("referrals:public")
    return render(request, "referrals/public_sent.html", {"reference": reference})
