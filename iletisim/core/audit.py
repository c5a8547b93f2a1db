"""The audit trail: a named vocabulary of actions and `log_action` to write one.

Each app registers the actions it writes (`register_actions({...})` in its AppConfig.ready
or at import of its actions module); `log_action` refuses a name nobody registered, so a
typo cannot scatter the history over near-identical names.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iletisim.core.models import AuditEntry

_ACTIONS: dict[str, str | Promise] = {}


def register_actions(actions: dict[str, str | Promise]) -> None:
    for name in actions:
        if name.count(".") < 2:
            raise ValueError(f"audit action {name!r} must look like app.object.verb")
    _ACTIONS.update(actions)


def action_label(name: str) -> str:
    return str(_ACTIONS.get(name, name))


def known_actions() -> dict[str, str | Promise]:
    return dict(sorted(_ACTIONS.items()))


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; behind PROXY_COUNT trusted proxies, taken from X-Forwarded-For."""
    if request is None:
        return None
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def log_action(
    action: str,
    *,
    actor: Any = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail. Call it inside the action's transaction."""
    entry = audit_entry(action, actor=actor, target=target, data=data, request=request)
    entry.save()
    return entry


def audit_entry(
    action: str,
    *,
    actor: Any = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """An entry not yet saved, for actions that write many at once
    (`AuditEntry.objects.bulk_create`); `log_action` for one."""
    if action not in _ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: register it first")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry(
        actor=actor,
        actor_label=str(actor)[:150] if actor is not None else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        data=data or {},
        ip=client_ip(request),
    )


register_actions(
    {
        "core.day_off.added": _("Extra day off added"),
        "core.day_off.removed": _("Extra day off removed"),
        "core.audit.exported": _("Audit trail exported"),
    }
)
