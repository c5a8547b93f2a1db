"""Writes on people, units and API tokens. Each function owns its transaction and its audit
entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from iletisim.accounts.models import ApiToken, Membership, Unit, User
from iletisim.accounts.roles import Role
from iletisim.core.audit import log_action, register_actions

register_actions(
    {
        "accounts.user.created": _("User created"),
        "accounts.user.deactivated": _("User deactivated"),
        "accounts.user.password_changed": _("Password changed"),
        "accounts.user.password_reset_requested": _("Password reset requested"),
        "accounts.membership.added": _("Role given"),
        "accounts.membership.removed": _("Role taken away"),
        "accounts.unit.created": _("Unit created"),
        "accounts.unit.renamed": _("Unit changed"),
        "accounts.api_token.issued": _("API token issued"),
        "accounts.api_token.changed": _("API token changed"),
        "accounts.login.succeeded": _("Logged in"),
        "accounts.login.failed": _("Login failed"),
        "accounts.login.locked_out": _("Locked out after failed logins"),
        "accounts.login.ended": _("Logged out"),
        "accounts.otp.enrolled": _("Second factor set up"),
        "accounts.otp.verified": _("Second factor confirmed"),
        "accounts.otp.failed": _("Second factor code refused"),
    }
)


def _forget_roles(user: User) -> None:
    for cached in ("role_set", "unit_ids"):
        user.__dict__.pop(cached, None)


@transaction.atomic
def create_user(
    *,
    by: User | None,
    username: str,
    email: str = "",
    full_name: str = "",
    password: str | None = None,
    request: HttpRequest | None = None,
) -> User:
    user = User(username=username, email=email, full_name=full_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    log_action("accounts.user.created", actor=by, target=user, request=request)
    return user


def _sync_admin_flags(user: User) -> None:
    # Django's own admin is open to holders of the admin role only.
    is_admin = user.memberships.filter(role=Role.ADMIN).exists()
    if user.is_staff != is_admin or user.is_superuser != is_admin:
        user.is_staff = user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def add_membership(
    *, by: User | None, user: User, unit: Unit, role: str, request: HttpRequest | None = None
) -> Membership:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        log_action(
            "accounts.membership.added",
            actor=by,
            target=user,
            data={"unit": unit.code, "role": role},
            request=request,
        )
        _sync_admin_flags(user)
    _forget_roles(user)
    return membership


@transaction.atomic
def remove_membership(
    *, by: User | None, membership: Membership, request: HttpRequest | None = None
) -> None:
    user = membership.user
    data = {"unit": membership.unit.code, "role": membership.role}
    membership.delete()
    log_action("accounts.membership.removed", actor=by, target=user, data=data, request=request)
    _sync_admin_flags(user)
    _forget_roles(user)


@transaction.atomic
def deactivate_user(*, by: User, user: User, request: HttpRequest | None = None) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    log_action("accounts.user.deactivated", actor=by, target=user, request=request)


def record_login(*, user: User, request: HttpRequest) -> None:
    log_action("accounts.login.succeeded", actor=user, target=user, request=request)


def record_failed_login(*, username: str, locked_out: bool, request: HttpRequest) -> None:
    # Only the name that was typed: never the password, not even a wrong one.
    log_action(
        "accounts.login.locked_out" if locked_out else "accounts.login.failed",
        data={"username": username[:150]},
        request=request,
    )


def record_logout(*, user: Any, request: HttpRequest) -> None:
    log_action("accounts.login.ended", actor=user, target=user, request=request)


@transaction.atomic
def save_unit(*, by: User | None, unit: Unit, request: HttpRequest | None = None) -> Unit:
    """Create or rename a unit. Codes never change once created: integrations use them."""
    if unit.pk is None:
        unit.save()
        log_action(
            "accounts.unit.created",
            actor=by,
            target=unit,
            data={"code": unit.code},
            request=request,
        )
        return unit
    before = Unit.objects.get(pk=unit.pk)
    if before.code != unit.code:
        raise ValueError("a unit's code cannot change")
    unit.save()
    changed = {
        field: [getattr(before, field), getattr(unit, field)]
        for field in ("name", "name_en", "parent_id", "subjects", "is_active", "email", "phone")
        if getattr(before, field) != getattr(unit, field)
    }
    if changed:
        log_action("accounts.unit.renamed", actor=by, target=unit, data=changed, request=request)
    return unit


@transaction.atomic
def issue_api_token(*, by: User | None, token: ApiToken, request: HttpRequest | None = None) -> str:
    """Give `token` a new key (a new token is saved) and return the key: the caller shows it
    once, only its hash is kept."""
    key = token.set_key()
    if token.pk is None:
        token.save()
    else:
        token.save(update_fields=["key_hash", "key_hint"])
    log_action(
        "accounts.api_token.issued",
        actor=by,
        target=token,
        data={"hint": token.key_hint, "scopes": token.scopes},
        request=request,
    )
    return key


@transaction.atomic
def change_api_token(
    *, by: User | None, token: ApiToken, request: HttpRequest | None = None
) -> None:
    """Save an edited token; who it acts as, its scopes and whether it works are audited
    (widening a token to the contact book is a KVKK matter)."""
    before = ApiToken.objects.get(pk=token.pk)
    token.save(update_fields=["name", "user", "scopes", "is_active"])
    changed = {
        field: [getattr(before, field), getattr(token, field)]
        for field in ("name", "user_id", "scopes", "is_active")
        if getattr(before, field) != getattr(token, field)
    }
    if changed:
        log_action(
            "accounts.api_token.changed", actor=by, target=token, data=changed, request=request
        )
