"""Fetch press objects for a user, checking access on the way (404 when absent, 403 when
not theirs)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from iletisim.press.models import Communication, Distribution

_ID = re.compile(r"[0-9]{1,18}")


def parse_id(text: str) -> int | None:
    """An id or cursor from a query string: ASCII digits that fit a bigint, else None (so
    "²", "١٢" or forty digits are a miss, never a 500 from int() or the database)."""
    return int(text) if _ID.fullmatch(text or "") else None


def get_communication_for_user(user: Any, pk: int) -> Communication:
    communication = get_object_or_404(Communication.objects.select_related("author"), pk=pk)
    if not user.has_perm("press.view_communication", communication):
        raise PermissionDenied
    return communication


def get_distribution_for_user(user: Any, pk: int) -> Distribution:
    distribution = get_object_or_404(
        Distribution.objects.select_related("communication", "created_by"), pk=pk
    )
    if not user.has_perm("press.view_distributions"):
        raise PermissionDenied
    return distribution
