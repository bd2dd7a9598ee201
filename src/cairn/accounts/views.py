"""Signing in with two factors, signing out, and the administrators' management pages."""

from __future__ import annotations

from base64 import b32encode
from datetime import datetime, time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts import permissions, selectors, services
from cairn.accounts.forms import AgencyForm, ApiTokenForm, SignInForm, TokenForm, UserForm
from cairn.accounts.models import User
from cairn.agencies import selectors as agency_selectors
from cairn.agencies import services as agency_services
from cairn.lib.errors import ServiceError
from cairn.web.access import require
from cairn.web.forms import add_service_error


def _current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_not_required
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:two-factor")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if isinstance(user, User) and permissions.is_staff_member(user):
            login(request, user)
            services.sign_in_record(user=user, action="sign_in.password")
            response = redirect("accounts:two-factor")
            if (target := _safe_next(request)) != settings.LOGIN_REDIRECT_URL:
                request.session["cairn_next"] = target
            return response
        form.add_error(None, "Enter a correct username and password")
    return render(
        request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_not_required
def two_factor(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    user = _current_user(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect("web:home")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:two-factor-set-up")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            services.sign_in_record(user=user, action="sign_in.two_factor")
            return redirect(request.session.pop("cairn_next", settings.LOGIN_REDIRECT_URL))
        services.sign_in_record(user=user, action="sign_in.two_factor_failed")
        form.add_error("token", "The security code is not correct or has expired")
    context = {"form": form, "demo_code": _demo_code(user)}
    return render(request, "accounts/two_factor.html", context)


def _demo_code(user: User) -> str | None:
    """In the demo only, the current code of the user's pre-enrolled authenticator."""
    if not settings.DEMO:
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@login_not_required
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    user = _current_user(request)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:two-factor")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = services.two_factor_device_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.two_factor_device_confirm(
            user=user, device=device, token=form.cleaned_data["token"]
        ):
            otp_login(request, device)
            services.sign_in_record(user=user, action="sign_in.two_factor")
            messages.success(request, "Two-factor authentication is set up")
            return redirect(request.session.pop("cairn_next", settings.LOGIN_REDIRECT_URL))
        form.add_error("token", "The security code is not correct or has expired")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code for your authenticator app"
    )
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": qr_svg,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/two_factor_set_up.html", context)


@login_not_required
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if isinstance(request.user, User):
        services.sign_in_record(user=request.user, action="sign_out")
    logout(request)
    messages.info(request, "You have signed out")
    return redirect("accounts:sign-in")


# --- administrators: agencies ---------------------------------------------------------------


@require(permissions.can_manage_agencies)
def agency_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/agency_list.html", {"agencies": agency_selectors.agency_list()}
    )


@require(permissions.can_manage_agencies)
def agency_edit(request: HttpRequest, agency_id: int | None = None) -> HttpResponse:
    agency = None
    if agency_id is not None:
        agency = agency_selectors.agency_get(agency_id=agency_id)
        if agency is None:
            raise Http404
    initial = (
        {
            "name": agency.name,
            "kind": agency.kind,
            "sector": agency.sector,
            "region": agency.region,
            "is_active": agency.is_active,
        }
        if agency
        else None
    )
    form = AgencyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if agency is None:
                agency_services.agency_create(
                    actor=_current_user(request),
                    name=data["name"],
                    kind=data["kind"],
                    sector=data["sector"],
                    region=data["region"],
                )
            else:
                agency_services.agency_update(
                    actor=_current_user(request),
                    agency=agency,
                    name=data["name"],
                    kind=data["kind"],
                    sector=data["sector"],
                    region=data["region"],
                    is_active=data["is_active"],
                )
        except (ServiceError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Agency saved")
            return redirect("accounts:agency-list")
    return render(request, "accounts/agency_form.html", {"form": form, "agency": agency})


# --- administrators: users ------------------------------------------------------------------


@require(permissions.can_manage_users)
def user_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/user_list.html", {"users": selectors.user_list()})


@require(permissions.can_manage_users)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, initial_password = services.user_create(
                actor=_current_user(request),
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                agency=data["agency"],
                roles=data["roles"],
            )
        except (ServiceError, ValidationError) as error:
            add_service_error(form, error)
        else:
            context = {"new_user": user, "initial_password": initial_password}
            return render(request, "accounts/user_created.html", context)
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


@require(permissions.can_manage_users)
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    target = selectors.user_get(user_id=user_id)
    if target is None:
        raise Http404
    initial = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "agency": target.agency_id,
        "roles": [a.role for a in target.role_assignments.all()],
        "is_active": target.is_active,
    }
    form = UserForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=_current_user(request),
                user=target,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                agency=data["agency"],
                roles=data["roles"],
                is_active=data["is_active"],
            )
        except (ServiceError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, "User saved")
            return redirect("accounts:user-list")
    context = {
        "form": form,
        "target": target,
        "locked_out": services.user_is_locked_out(user=target),
        "has_two_factor": TOTPDevice.objects.filter(user=target, confirmed=True).exists(),
    }
    return render(request, "accounts/user_form.html", context)


@require(permissions.can_manage_users)
@require_POST
def user_reset_two_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    target = selectors.user_get(user_id=user_id)
    if target is None:
        raise Http404
    services.user_reset_two_factor(actor=_current_user(request), user=target)
    messages.success(request, "Two-factor reset: the user will set it up again at next sign-in")
    return redirect("accounts:user-edit", user_id=target.pk)


@require(permissions.can_manage_users)
@require_POST
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    target = selectors.user_get(user_id=user_id)
    if target is None:
        raise Http404
    services.user_unlock(actor=_current_user(request), user=target)
    messages.success(request, "Account unlocked")
    return redirect("accounts:user-edit", user_id=target.pk)


# --- administrators: API tokens -------------------------------------------------------------


@require(permissions.can_manage_api_tokens)
def token_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    tokens = [(token, token.status_at(now)) for token in selectors.api_token_list()]
    return render(request, "accounts/token_list.html", {"tokens": tokens})


@require(permissions.can_manage_api_tokens)
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires_at = None
        if data["expires_at"]:
            expires_at = timezone.make_aware(datetime.combine(data["expires_at"], time.max))
        try:
            token, secret = services.api_token_create(
                actor=_current_user(request),
                agency=data["agency"],
                name=data["name"],
                scopes=data["scopes"],
                expires_at=expires_at,
            )
        except (ServiceError, ValidationError) as error:
            add_service_error(form, error)
        else:
            return render(
                request, "accounts/token_created.html", {"token": token, "secret": secret}
            )
    return render(request, "accounts/token_form.html", {"form": form})


@require(permissions.can_manage_api_tokens)
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.api_token_list().filter(pk=token_id).first()
    if token is None:
        raise Http404
    services.api_token_revoke(actor=_current_user(request), token=token)
    messages.success(request, "Token revoked")
    return redirect("accounts:token-list")
