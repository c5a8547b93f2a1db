"""Fetch requests for a staff member, checking access on the way (404 for the unknown,
403 for another unit's)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from iletisim.service_requests.models import ServiceRequest


def get_request_for_user(user: Any, number: str) -> ServiceRequest:
    sr = get_object_or_404(
        ServiceRequest.objects.select_related(
            "category", "neighbourhood", "unit", "assignee", "proposed_unit", "duplicate_of"
        ),
        tracking_number=number,
    )
    if not user.has_perm("service_requests.view_request", sr):
        raise PermissionDenied
    return sr


def get_request_for_citizen(number: str, secret: str) -> ServiceRequest:
    """The citizen's link: a wrong secret is a 404, exactly like an unknown number."""
    import hmac

    sr = (
        ServiceRequest.objects.select_related("category", "neighbourhood", "unit")
        .filter(tracking_number=number)
        .first()
    )
    if sr is None or not hmac.compare_digest(sr.secret, secret) or sr.anonymised_at:
        raise Http404
    return sr


def mask(value: str) -> str:
    """ "05321234567" -> "05•••••••67"; "ayse@example.com" -> "a•••@example.com"."""
    if not value:
        return ""
    if "@" in value:
        local, _at, domain = value.partition("@")
        return f"{local[:1]}•••@{domain}"
    if len(value) <= 4:
        return "•" * len(value)
    return value[:2] + "•" * (len(value) - 4) + value[-2:]
