"""The staff dashboard: panels registered by apps, each shown to the roles that may see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class Panel:
    key: str
    title: str | Promise
    template: str
    permission: str
    context: Callable[[HttpRequest], dict[str, Any]]
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def panels_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    shown = [
        p for p in sorted(_PANELS.values(), key=lambda p: p.order) if user.has_perm(p.permission)
    ]
    return [
        {"key": p.key, "title": p.title, "template": p.template, **p.context(request)}
        for p in shown
    ]
