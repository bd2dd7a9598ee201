"""The administrators' policy pages: every version, and a new version from the newest."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cairn.accounts.models import User
from cairn.lib.errors import ServiceError
from cairn.rules import permissions, selectors, services
from cairn.rules.forms import PolicyVersionForm
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
