"""Models of alerts: an `AlertRule` per watch query says who is told and when; an `Alert` is
one thing to tell one person (an item's story, once, or a spike of a query on one day).

`Alert.key` is "story:<id>" (or "item:<id>" for an item outside any story) or
"spike:<query id>:<date>"; it is unique per recipient, so nobody gets two alerts for copies
of the same story, whichever rule or query found them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.models import Item, WatchQuery

__all__ = ["Alert", "AlertDelivery", "AlertKind", "AlertRule"]


class AlertDelivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    HOURLY = "hourly", _("Hourly digest")
    DAILY = "daily", _("Daily digest")


class AlertRule(models.Model):
    """Who hears about a watch query's hits, which hits, when; and whether spikes count."""

    query = models.ForeignKey(
        WatchQuery,
        on_delete=models.CASCADE,
        related_name="alert_rules",
        verbose_name=_("watch query"),
    )
    name = models.CharField(_("name"), max_length=200)
    active = models.BooleanField(_("active"), default=True)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=AlertDelivery.choices, default=AlertDelivery.IMMEDIATE
    )
    negative_only = models.BooleanField(_("only items negative for the municipality"), default=True)
    min_reach = models.PositiveBigIntegerField(_("minimum reach of the outlet"), default=0)
    spikes = models.BooleanField(_("spike alerts"), default=True)
    spike_sigmas = models.FloatField(
        _("spike threshold (standard deviations)"),
        default=3.0,
        validators=[MinValueValidator(1.0), MaxValueValidator(10.0)],
    )
    spike_min_count = models.PositiveIntegerField(
        _("spike: at least this many items today"),
        default=5,
        validators=[MinValueValidator(1)],
    )
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    urgent = models.BooleanField(_("urgent: sent during quiet hours too"), default=False)
    by_sms = models.BooleanField(
        _("also by SMS"),
        default=False,
        help_text=_("Immediate alerts only, one short text to recipients with a phone number."),
    )
    by_whatsapp = models.BooleanField(
        _("also on WhatsApp"),
        default=False,
        help_text=_(
            "Immediate alerts only, through the approved WhatsApp template, to recipients "
            "with a mobile number."
        ),
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="monitoring_alert_rules",
        verbose_name=_("recipients"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["query__name", "name"]
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")

    def __str__(self) -> str:
        return self.name


class AlertKind(models.TextChoices):
    ITEM = "item", _("News item")
    SPIKE = "spike", _("Spike")


class AlertQuerySet(models.QuerySet["Alert"]):
    def due(self, now: object) -> AlertQuerySet:
        """Unsent, due, not held by a live sender, with attempts left."""
        return self.filter(
            sent_at__isnull=True, due_at__lte=now, attempts__lt=Alert.MAX_ATTEMPTS
        ).filter(models.Q(sending_until__isnull=True) | models.Q(sending_until__lt=now))


class Alert(models.Model):
    """One thing to tell one person; sent once (claimed by a conditional UPDATE, stamped)."""

    MAX_ATTEMPTS = 10

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    key = models.CharField(max_length=100)
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    # Delivery: a sender claims due rows with its token and a lease, then stamps sent_at.
    claim_token = models.CharField(max_length=32, blank=True)
    sending_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="mon_alert_once_per_person")
        ]
        indexes = [
            models.Index(
                fields=["due_at"], condition=models.Q(sent_at__isnull=True), name="mon_alert_due"
            ),
            models.Index(fields=["claim_token"], name="mon_alert_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient_id}"
