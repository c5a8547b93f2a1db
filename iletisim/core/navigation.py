"""The back office's left navigation: each app registers its areas, each with a permission.

A user sees an entry only if `user.has_perm(item.permission)` is true, so the menu never
offers a page that would answer 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    permission: str
    section: str | Promise
    order: int = 100


_ITEMS: dict[str, NavItem] = {}


def register(*items: NavItem) -> None:
    for item in items:
        _ITEMS[item.key] = item


def items_for(user: Any) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    visible = [item for item in _ITEMS.values() if user.has_perm(item.permission)]
    visible.sort(key=lambda item: (item.order, str(item.label)))
    return [
        {
            "key": item.key,
            "label": item.label,
            "url": reverse(item.url_name),
            "section": item.section,
        }
        for item in visible
    ]


def all_items() -> list[NavItem]:
    return sorted(_ITEMS.values(), key=lambda item: item.order)
