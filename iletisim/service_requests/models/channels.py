"""State of the intake channels and integrations: Open311 clients, WhatsApp messages,
the e-mail intake's mailboxes and mails. (Staff API tokens are accounts' `ApiToken`.)"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .service_request import ServiceRequest


class Open311Client(models.Model):
    """A system allowed to post requests through Open311 (a city app, the metropolitan
    municipality). Only the SHA-256 of its API key is stored; admins issue keys."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(_("key ends with"), max_length=8, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    rate_per_hour = models.PositiveIntegerField(_("requests per hour"), default=600)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_key(key: str) -> str:
        import hashlib

        return hashlib.sha256(key.encode()).hexdigest()

    def set_key(self, key: str | None = None) -> str:
        key = key or secrets.token_urlsafe(32)
        self.key_hash = self.hash_key(key)
        self.key_hint = key[-4:]
        return key


class WhatsAppMessage(models.Model):
    """One WhatsApp message in or out, by Meta's message id: the id makes processing a
    message happen once, and the status callbacks land here. No message text is kept here
    (it is on the request's timeline)."""

    class Direction(models.TextChoices):
        IN = "in", _("From the citizen")
        OUT = "out", _("To the citizen")

    wamid = models.CharField(max_length=128, unique=True)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    wa_id = models.CharField(max_length=32, db_index=True)
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="whatsapp_messages",
    )
    kind = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, blank=True)
    error = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)
    status_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["wa_id", "direction", "-at"], name="sr_wa_window_idx")]

    def __str__(self) -> str:
        return self.wamid


class MailboxState(models.Model):
    """How far the e-mail intake has read a mailbox folder (IMAP UIDs are per UIDVALIDITY)."""

    mailbox = models.CharField(max_length=200, unique=True)
    uidvalidity = models.BigIntegerField(default=0)
    last_uid = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.mailbox} ({self.uidvalidity}:{self.last_uid})"


class InboundMail(models.Model):
    """One mail the intake has seen, by Message-ID (hashed): imported once, and what became
    of it (a new request, attached to one, skipped as automatic, or failed and why)."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("New request")
        ATTACHED = "attached", _("Attached to a request")
        AUTO = "auto", _("Automatic mail, skipped")
        FAILED = "failed", _("Could not be imported")

    message_key = models.CharField(max_length=255, unique=True)
    mailbox = models.CharField(max_length=200, blank=True)
    uidvalidity = models.BigIntegerField(default=0)
    uid = models.BigIntegerField(default=0)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    detail = models.CharField(max_length=300, blank=True)
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="mails"
    )
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["outcome", "-received_at"], name="sr_mail_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.mailbox}#{self.uid} {self.outcome}"
