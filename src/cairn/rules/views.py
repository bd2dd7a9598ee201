"""The administrators' policy pages: every version, and a new version from the newest."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cairn.accounts.models import User
from cairn.lib.errors import ServiceError
from cairn.rules import permissions, selectors, services
from cairn.rules.forms import LearningReviewForm, PolicyVersionForm
from cairn.rules.render import render_html
from cairn.web.access import require


@require(permissions.can_manage_policies)
def policy_list(request: HttpRequest) -> HttpResponse:
    return render(request, "rules/policy_list.html", {"policies": selectors.policy_list()})


@require(permissions.can_manage_policies)
def policy_version_new(request: HttpRequest, name: str) -> HttpResponse:
    newest = selectors.policy_get(name=name)
    if newest is None:
        raise Http404
    initial = {
        "enabled": newest.enabled,
        "parameters": json.dumps(newest.parameters, indent=2),
    }
    form = PolicyVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        try:
            services.policy_version_create(
                actor=user,
                name=name,
                parameters=form.cleaned_data["parameters"],
                enabled=form.cleaned_data["enabled"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as error:
            field = error.field.split(".")[0]
            target = field if field in form.fields else None
            form.add_error(target, f"{error.field}: {error.message}")
        else:
            return redirect("rules:policy-list")
    return render(request, "rules/policy_form.html", {"form": form, "newest": newest})


def _version(choice: str) -> tuple[str, int]:
    name, _, version = choice.rpartition(":")
    return name, int(version)


@require(permissions.can_run_learning_review)
def learning_review(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's chronology replayed under one policy version, or two side by side."""
    choices = selectors.policy_version_choices()
    data = request.GET if "policy" in request.GET else None
    default = next(
        (c for c, _ in choices if c.startswith("2025:")), choices[0][0] if choices else ""
    )
    form = LearningReviewForm(data, choices=choices, initial={"policy": default})
    user = request.user
    assert isinstance(user, User)
    picked = [default]
    until = timezone.localdate()
    if form.is_valid():
        picked = [form.cleaned_data["policy"]] + (
            [form.cleaned_data["compare"]] if form.cleaned_data["compare"] else []
        )
        until = form.cleaned_data["until"] or until
    reports = []
    for choice in picked:
        name, version = _version(choice)
        try:
            document = selectors.replay_person_for(
                user=user, person_id=person_id, policy=name, version=version, until=until
            )
        except selectors.PolicyNotFound as error:
            form.add_error("policy", str(error))
            break
        if document is None:
            raise Http404
        reports.append(render_html(document, standalone=False))
    context = {"form": form, "reports": reports, "person_id": person_id}
    return render(request, "rules/learning_review.html", context)
