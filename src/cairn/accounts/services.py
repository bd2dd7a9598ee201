"""Writes to users, roles, two-factor devices and API tokens. Each is one transaction and
writes its own audit entry."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cairn.accounts.models import ApiScope, ApiToken, IdempotentRequest, RoleAssignment, User
from cairn.accounts.roles import Role
from cairn.agencies.models import Agency
from cairn.audit.services import audit_record
from cairn.lib.errors import ServiceError

TOKEN_PREFIX = "cairn"  # noqa: S105 - the visible start of every token, not a secret


def _set_roles(user: User, roles: Iterable[str]) -> None:
    wanted = {Role(r) for r in roles}
    if not wanted:
        raise ServiceError("roles", "Select at least one role")
    user.role_assignments.exclude(role__in=wanted).delete()
    held = set(user.role_assignments.values_list("role", flat=True))
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, role=r) for r in sorted(wanted - held)]
    )
    user.__dict__.pop("_cairn_roles", None)


def user_create(
    *,
    actor: User | None,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    agency: Agency,
    roles: Iterable[str],
    password: str | None = None,
) -> tuple[User, str]:
    """Create a staff account at an agency with its roles. Returns the user and the initial
    password (generated when none is given), which the administrator passes on once; the user
    enrols two-factor at first sign-in."""
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError("username", "A user with that username already exists")
    initial = password or secrets.token_urlsafe(12)
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email, agency=agency
    )
    validate_password(initial, user)
    with transaction.atomic():
        user.set_password(initial)
        user.full_clean()
        user.save()
        _set_roles(user, roles)
        audit_record(
            actor=actor,
            action="user.create",
            object_type="user",
            object_id=user.pk,
            detail={"roles": sorted(roles), "agency_id": agency.pk},
        )
    return user, initial


def user_update(
    *,
    actor: User,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    agency: Agency,
    roles: Iterable[str],
    is_active: bool,
) -> User:
    """Change a user's details, agency, roles or whether the account is active."""
    roles = list(roles)
    if user.pk == actor.pk and (not is_active or Role.ADMINISTRATOR not in roles):
        raise ServiceError("roles", "You cannot remove your own administrator role or account")
    with transaction.atomic():
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.agency, user.is_active = agency, is_active
        user.full_clean()
        user.save()
        _set_roles(user, roles)
        audit_record(
            actor=actor,
            action="user.update",
            object_type="user",
            object_id=user.pk,
            detail={"roles": sorted(roles), "agency_id": agency.pk, "is_active": is_active},
        )
    return user


def user_reset_two_factor(*, actor: User, user: User) -> None:
    """Remove a user's two-factor devices so they enrol again at their next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(
            actor=actor, action="user.reset_two_factor", object_type="user", object_id=user.pk
        )


def user_unlock(*, actor: User, user: User) -> None:
    """Clear the failed sign-in attempts that locked a user out."""
    with transaction.atomic():
        AxesProxyHandler.reset_attempts(username=user.get_username())
        audit_record(actor=actor, action="user.unlock", object_type="user", object_id=user.pk)


def user_is_locked_out(*, user: User) -> bool:
    from axes.models import AccessAttempt
    from django.conf import settings

    limit: int = settings.AXES_FAILURE_LIMIT
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(username=user.get_username(), attempt_time__gte=since)
    return any(a.failures_since_start >= limit for a in attempts)


def two_factor_device_start(*, user: User) -> TOTPDevice:
    """Begin two-factor enrolment: an unconfirmed authenticator-app device with a new key."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device: TOTPDevice = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False
        )
        audit_record(actor=user, action="two_factor.start", object_type="user", object_id=user.pk)
    return device


def two_factor_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm enrolment when the code from the app matches; returns whether it did."""
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(actor=user, action="two_factor.enrol", object_type="user", object_id=user.pk)
    return True


def sign_in_record(*, user: User, action: str) -> None:
    """Record a sign-in step or a sign-out in the audit log."""
    audit_record(actor=user, action=action, object_type="user", object_id=user.pk)


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(
    *,
    actor: User,
    agency: Agency,
    name: str,
    scopes: Iterable[str],
    expires_at: datetime | None,
) -> tuple[ApiToken, str]:
    """Issue a token for a partner system. Returns the token and its full secret, which is
    shown once and never stored."""
    scopes = sorted({ApiScope(s).value for s in scopes})
    if expires_at is not None and expires_at <= timezone.now():
        raise ServiceError("expires_at", "Expiry date must be in the future")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            agency=agency,
            name=name,
            prefix=prefix,
            secret_hash=_hash_secret(secret),
            scopes=scopes,
            created_by=actor,
            expires_at=expires_at,
        )
        token.full_clean()
        token.save()
        audit_record(
            actor=actor,
            action="api_token.create",
            object_type="api_token",
            object_id=token.pk,
            detail={"agency_id": agency.pk, "scopes": scopes},
        )
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token at once; calls with it fail from then on."""
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor, action="api_token.revoke", object_type="api_token", object_id=token.pk
        )
    return token


class TokenRefused(Exception):
    """The presented token is unknown, malformed, revoked or expired."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def api_token_authenticate(*, presented: str, path: str) -> ApiToken:
    """Check a presented bearer token and record its use. Raises TokenRefused with a reason
    that is safe to show to the caller."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise TokenRefused("The token is malformed")
    token = ApiToken.objects.select_related("agency").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash_secret(parts[2])):
        raise TokenRefused("The token is not recognised")
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused("The token has been revoked")
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRefused("The token has expired")
    if not token.agency.is_active:
        raise TokenRefused("The token's agency is no longer active")
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        audit_record(
            actor=token,
            action="api_token.use",
            object_type="api_token",
            object_id=token.pk,
            detail={"path": path},
        )
    return token


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with a different request body."""


def idempotent_call(
    *, agency: Agency, key: str | None, body: bytes, work: Callable[[], tuple[int, dict[str, Any]]]
) -> tuple[int, dict[str, Any]]:
    """Run `work` once per (agency, key): a repeat with the same body gets the first answer,
    a repeat with a different body raises IdempotencyConflict. Without a key, `work` just runs.
    The answer is stored in the same transaction as the work, so a failed attempt stores none."""
    if not key:
        return work()
    if len(key) > 128:
        raise ServiceError("Idempotency-Key", "Idempotency-Key must be 128 characters or fewer")
    body_sha256 = hashlib.sha256(body).hexdigest()
    with transaction.atomic():
        previous = IdempotentRequest.objects.filter(agency=agency, key=key).first()
        if previous is not None:
            if previous.body_sha256 != body_sha256:
                raise IdempotencyConflict
            return previous.status_code, previous.response
        status, response = work()
        if status < 500:
            IdempotentRequest.objects.create(
                agency=agency,
                key=key,
                body_sha256=body_sha256,
                status_code=status,
                response=response,
            )
    return status, response
