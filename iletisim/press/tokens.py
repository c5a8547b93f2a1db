"""API tokens of press: an integration (the municipality's website, a newsroom tool) acts as
one staff member, limited to scopes. Only the SHA-256 of the key is stored; admins issue
keys in the Django admin (shown once). Imported by `models.py`.

Scopes: `press:communications` (published items), `press:contacts` (the contact book, masked
unless the user may manage it), `press:requests:read`, `press:requests:write`.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCOPES = ("press:communications", "press:contacts", "press:requests:read", "press:requests:write")


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    name = models.CharField(_("name"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.CASCADE,
        related_name="press_api_tokens",
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(_("key ends with"), max_length=8, editable=False)
    scopes = models.CharField(
        _("scopes"),
        max_length=200,
        default="press:communications",
        help_text=", ".join(SCOPES),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        app_label = "press"
        verbose_name = _("press API token")
        verbose_name_plural = _("press API tokens")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def scope_set(self) -> set[str]:
        return {s.strip() for s in self.scopes.split(",") if s.strip()}

    def set_key(self, key: str | None = None) -> str:
        """Give the token a new key and return it; only its hash is kept."""
        key = key or secrets.token_urlsafe(32)
        self.key_hash = key_hash(key)
        self.key_hint = key[-4:]
        return key
