"""Navigation every app plugs into: the back office's left menu (`NavItem`, each with a
permission) and the public site's menu and home-page shortcuts (`PublicLink`).

A user sees a staff entry only if `user.has_perm(item.permission)` is true, so the menu never
offers a page that would answer 403. Public links need no login.
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


@dataclass(frozen=True)
class PublicLink:
    """A public page in the site's menu; with a `description`, also a shortcut on the home
    page (what a citizen or a journalist came to do)."""

    key: str
    label: str | Promise
    url_name: str
    order: int = 100
    description: str | Promise = ""


_PUBLIC: dict[str, PublicLink] = {}


def register_public(*links: PublicLink) -> None:
    for link in links:
        _PUBLIC[link.key] = link


def public_links() -> list[dict[str, Any]]:
    return [
        {
            "key": link.key,
            "label": link.label,
            "url": reverse(link.url_name),
            "description": link.description,
        }
        for link in sorted(_PUBLIC.values(), key=lambda link: (link.order, str(link.label)))
    ]
