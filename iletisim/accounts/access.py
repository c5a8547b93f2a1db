"""Fetch accounts objects for a user, checking access on the way."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from iletisim.accounts.models import Unit


def get_unit_for_user(user: Any, code: str) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    if not user.has_perm("accounts.view_unit", unit):
        raise PermissionDenied
    return unit


def units_visible_to(user: Any) -> Any:
    units = Unit.objects.active().select_related("parent")
    if user.sees_all_units:
        return units
    return units.filter(pk__in=user.unit_ids)
