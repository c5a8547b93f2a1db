"""What an API token may be allowed to do: the scope vocabulary, filled by the apps.

Each app registers the scopes its API checks (`register_scopes("press", {...})` from its
AppConfig.ready or registry module), like the audit vocabulary; a token naming a scope nobody
registered is refused when it is saved, so a typo cannot issue a key that silently does
nothing (or more than meant).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_SCOPES: dict[str, tuple[str, str | Promise]] = {}  # scope -> (owning app, label)


def register_scopes(app: str, scopes: dict[str, str | Promise]) -> None:
    """Add `app`'s scopes; registering again from the same app is harmless (tests, reloads),
    claiming another app's scope is a programming error."""
    for name, label in scopes.items():
        if not name or "," in name or name != name.strip():
            raise ValueError(f"scope {name!r} must be one word without commas")
        owner = _SCOPES.get(name, (app, label))[0]
        if owner != app:
            raise ValueError(f"scope {name!r} is already registered by {owner}")
        _SCOPES[name] = (app, label)


def registered_scopes() -> dict[str, str | Promise]:
    """Every scope and its label, in registration order."""
    return {name: label for name, (_app, label) in _SCOPES.items()}


def split_scopes(text: str) -> set[str]:
    return {s.strip() for s in text.split(",") if s.strip()}


def validate_scopes(text: str | Iterable[str]) -> None:
    names = split_scopes(text) if isinstance(text, str) else set(text)
    if not names:
        raise ValidationError(_("Choose at least one scope."), code="required")
    unknown = sorted(names - _SCOPES.keys())
    if unknown:
        raise ValidationError(
            _("Unknown scope: %(scopes)s"), code="invalid", params={"scopes": ", ".join(unknown)}
        )
