"""The request itself (başvuru): tracking numbers and secrets, the named filters, and the
one method that changes its status."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iletisim.accounts.models import Unit

from .catalogue import Category, Neighbourhood
from .status import OPEN_STATUSES, TRANSITIONS, Channel, RequestType, Status, TransitionError
from .timeline import Update


class TrackingSequence(models.Model):
    """The last tracking number handed out in a year (numbers are per year: 2026-000001)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}-{self.last:06d}"


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class ServiceRequestQuerySet(models.QuerySet["ServiceRequest"]):
    def open(self) -> ServiceRequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date | None = None) -> ServiceRequestQuerySet:
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today, paused_at__isnull=True)

    def visible_to(self, user: Any) -> ServiceRequestQuerySet:
        if user.sees_all_units:
            return self
        return self.filter(unit_id__in=user.unit_ids)


class ServiceRequest(models.Model):
    """One citizen's request (başvuru), from receipt to closing."""

    # Unique by the constraints in Meta rather than `unique=True`, which on PostgreSQL adds a
    # second (LIKE) index to each: these are only ever looked up whole.
    tracking_number = models.CharField(_("tracking number"), max_length=16)
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    # NULL, not "", when there is none: the unique constraint ignores NULLs.
    submission_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    type = models.CharField(_("type"), max_length=16, choices=RequestType.choices)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        db_index=False,  # the list indexes below start with it
    )
    description = models.TextField(_("description"))
    # The description folded by Turkish rules ("ÇUKUR" -> "cukur"), for the staff's search.
    search_text = models.TextField(blank=True, editable=False)
    answers = models.JSONField(_("answers to extra questions"), default=dict, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        db_index=False,  # the list indexes below start with it
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        db_index=False,  # the list indexes below start with it
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )
    proposed_unit = models.ForeignKey(
        Unit,
        verbose_name=_("proposed unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    routing_confidence = models.FloatField(_("routing confidence"), null=True, blank=True)
    routing_reason = models.CharField(_("routing reason"), max_length=300, blank=True)
    competent_body = models.CharField(_("competent body"), max_length=200, blank=True)

    deadline_kind = models.CharField(_("deadline rule"), max_length=32, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    extended = models.BooleanField(_("deadline extended"), default=False)
    paused_at = models.DateTimeField(_("clock paused at"), null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)

    citizen_name = models.CharField(_("name"), max_length=150, blank=True)
    citizen_phone = models.CharField(_("phone"), max_length=32, blank=True)
    citizen_email = models.EmailField(_("e-mail address"), blank=True)
    national_id = models.CharField(_("TC kimlik no"), max_length=11, blank=True)
    notify_by = models.CharField(
        _("keep informed by"),
        max_length=8,
        choices=[
            ("email", _("E-mail")),
            ("sms", _("SMS")),
            ("both", _("E-mail and SMS")),
            ("whatsapp", _("WhatsApp")),
        ],
        default="both",
    )
    kvkk_acknowledged_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    answer_draft = models.TextField(_("draft answer"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reject_reason = models.TextField(_("reason"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )

    rating = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    rating_comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    # The desk hides a request from public output (Open311) when its text holds personal data.
    hidden_from_public = models.BooleanField(_("hidden from public output"), default=False)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen request")
        verbose_name_plural = _("citizen requests")
        constraints = [
            models.UniqueConstraint(fields=["tracking_number"], name="sr_tracking_number_uniq"),
            models.UniqueConstraint(fields=["secret"], name="sr_secret_uniq"),
            models.UniqueConstraint(fields=["submission_key"], name="sr_submission_key_uniq"),
        ]
        # Every index costs each intake an insertion: no column has two indexes starting
        # with it (the foreign keys above that these cover have db_index=False).
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="sr_created_idx"),
            models.Index(fields=["status", "-created_at", "-id"], name="sr_status_idx"),
            models.Index(fields=["unit", "status", "-created_at"], name="sr_unit_status_idx"),
            models.Index(fields=["category", "-created_at"], name="sr_category_idx"),
            models.Index(fields=["neighbourhood", "-created_at"], name="sr_neighbourhood_idx"),
            models.Index(fields=["channel", "-created_at"], name="sr_channel_idx"),
            models.Index(fields=["type", "-created_at"], name="sr_type_idx"),
            models.Index(fields=["status", "due_date"], name="sr_due_idx"),
            # The dashboard's received/closed per day and time to answer over 90 days.
            models.Index(fields=["closed_at"], name="sr_closed_idx"),
            models.Index(fields=["answered_at"], name="sr_answered_idx"),
            # The worker's batches of new requests waiting for the router's proposal.
            models.Index(
                fields=["id"],
                condition=models.Q(
                    status="received", proposed_unit__isnull=True, routing_reason=""
                ),
                name="sr_awaiting_proposal_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.is_open
            and self.due_date
            and self.paused_at is None
            and self.due_date < timezone.localdate()
        )

    @property
    def deadline_label(self) -> str:
        labels = {
            "target": _("service standard of the category"),
            "bilgi-edinme": _("Law 4982: 15 working days"),
            "bilgi-edinme-uzatma": _("Law 4982: extended to 30 working days"),
            "dilekce": _("Law 3071: 30 days"),
        }
        return str(labels.get(self.deadline_kind, self.deadline_kind))

    @property
    def is_anonymous(self) -> bool:
        return not (self.citizen_name or self.citizen_email or self.citizen_phone)

    def can_become(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, frozenset())

    def transition(self, to: str, *, by: Any = None, text: str = "", public: bool = True) -> Update:
        """Change status if the table allows it, stamp the times and write the timeline."""
        if not self.can_become(to):
            raise TransitionError(f"{self.status} -> {to}")
        previous = self.status
        self.status = to
        now = timezone.now()
        fields = ["status", "updated_at", "version"]
        if to == Status.ANSWERED:
            self.answered_at = now
            fields.append("answered_at")
        if to in (Status.CLOSED, Status.FORWARDED, Status.DUPLICATE, Status.REJECTED):
            self.closed_at = now
            fields.append("closed_at")
        if to == Status.REOPENED:
            self.closed_at = None
            fields.append("closed_at")
        self.version += 1
        self.save(update_fields=fields)
        return Update.objects.create(
            request=self,
            actor=by if getattr(by, "is_authenticated", False) else None,
            kind=Update.Kind.STATUS,
            status_from=previous,
            status_to=to,
            text=text,
            is_public=public,
        )
