"""What happens around a request: its timeline lines and the notifications sent about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .status import Status


class Update(models.Model):
    """A line on a request's timeline; public lines are shown to the citizen too."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status change")
        NOTE = "note", _("Internal note")
        ROUTE = "route", _("Routing")
        ASSIGN = "assign", _("Assignment")
        MESSAGE = "message", _("Message to the citizen")
        CITIZEN = "citizen", _("Message from the citizen")
        ANSWER = "answer", _("Answer")

    request = models.ForeignKey(
        "service_requests.ServiceRequest",
        on_delete=models.CASCADE,
        related_name="updates",
        db_index=False,  # covered by the (request, at) index
    )
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status_from = models.CharField(max_length=16, choices=Status.choices, blank=True)
    status_to = models.CharField(max_length=16, choices=Status.choices, blank=True)
    text = models.TextField(blank=True)
    is_public = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"])]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_kind_display()}"


class Notification(models.Model):
    """One message to send about a request; the unique key makes sending happen once."""

    class Event(models.TextChoices):
        RECEIVED = "received", _("Received")
        ROUTED = "routed", _("Routed")
        WAITING = "waiting", _("Information asked")
        FORWARDED = "forwarded", _("Forwarded")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        CORRECTED = "corrected", _("Personal data corrected")
        CORRECTION_REFUSED = "correction_no", _("Personal data correction refused")
        DATA_COPY = "data_copy", _("Copy of personal data sent")
        DATA_REQUEST_REFUSED = "data_request_no", _("Personal data request refused")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    request = models.ForeignKey(
        "service_requests.ServiceRequest", on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=16, choices=Event.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = models.CharField(max_length=254)
    language = models.CharField(max_length=8, default="tr")
    # What the event is about when it can happen more than once (a correction's id): part
    # of the unique key, so each such event is sent once, not once per request.
    ref = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    # The provider's reference (an SMS job id, a WhatsApp message id) and what it reported.
    provider_ref = models.CharField(max_length=128, blank=True, db_index=True)
    delivery_status = models.CharField(max_length=16, blank=True)
    delivery_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "event", "channel", "recipient", "ref"],
                name="sr_notification_once",
            )
        ]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.request} · {self.event} · {self.channel}"


class StaffMail(models.Model):
    """An e-mail to staff (new work for a directorate, deadline warnings, escalations), kept
    until it is sent: a mail server that is down is retried by `requests_staff_mail`, and
    the unique key makes each mail happen once."""

    key = models.CharField(max_length=120, unique=True)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "created_at"], name="sr_staffmail_pending_idx")]

    def __str__(self) -> str:
        return self.subject
