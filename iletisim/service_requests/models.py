"""Citizen requests: categories (Open311 "services"), neighbourhoods, the request itself with
its status machine, the timeline, attachments and notifications sent about it."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iletisim.accounts.models import Unit


class RequestType(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    REQUEST = "request", _("Request")
    REPORT = "report", _("Report of a violation")
    THANKS = "thanks", _("Thanks")
    INFORMATION = "information", _("Information request (Law 4982)")
    PETITION = "petition", _("Petition (Law 3071)")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone (Alo 153)")
    WALK_IN = "walk_in", _("Walk-in")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    CIMER = "cimer", _("CİMER transfer")
    OPEN311 = "open311", _("Open311 (another system)")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ROUTED = "routed", _("Routed")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_CITIZEN = "waiting_citizen", _("Waiting for the citizen")
    ANSWER_REVIEW = "answer_review", _("Answer awaiting approval")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    FORWARDED = "forwarded", _("Forwarded to another body")
    DUPLICATE = "duplicate", _("Duplicate (merged)")
    REJECTED = "rejected", _("Rejected")
    REOPENED = "reopened", _("Reopened")


S = Status
# Which status may follow which. One table, read by ServiceRequest.transition().
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset(
        {S.ROUTED, S.WAITING_CITIZEN, S.FORWARDED, S.DUPLICATE, S.REJECTED, S.ANSWERED}
    ),
    S.ROUTED: frozenset(
        {
            S.ROUTED,
            S.IN_PROGRESS,
            S.WAITING_CITIZEN,
            S.ANSWER_REVIEW,
            S.ANSWERED,
            S.FORWARDED,
            S.DUPLICATE,
            S.REJECTED,
        }
    ),
    S.IN_PROGRESS: frozenset(
        {S.ROUTED, S.WAITING_CITIZEN, S.ANSWER_REVIEW, S.ANSWERED, S.FORWARDED, S.REJECTED}
    ),
    S.WAITING_CITIZEN: frozenset({S.RECEIVED, S.IN_PROGRESS, S.ROUTED, S.CLOSED}),
    S.ANSWER_REVIEW: frozenset({S.ANSWERED, S.IN_PROGRESS}),
    S.ANSWERED: frozenset({S.CLOSED, S.REOPENED}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.FORWARDED: frozenset({S.CLOSED, S.REOPENED}),
    S.DUPLICATE: frozenset({S.REOPENED}),
    S.REJECTED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset(
        {S.ROUTED, S.IN_PROGRESS, S.ANSWER_REVIEW, S.ANSWERED, S.FORWARDED, S.REJECTED}
    ),
}
OPEN_STATUSES = frozenset(
    {S.RECEIVED, S.ROUTED, S.IN_PROGRESS, S.WAITING_CITIZEN, S.ANSWER_REVIEW, S.REOPENED}
)


class TransitionError(Exception):
    """A status change the TRANSITIONS table does not allow."""


class Category(models.Model):
    """What a request is about (the Open311 "service"), with the directorate that handles it."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("Words citizens use for this subject, comma separated; used for routing."),
    )
    default_unit = models.ForeignKey(
        Unit, verbose_name=_("default unit"), on_delete=models.PROTECT, related_name="categories"
    )
    competent_body = models.CharField(
        _("competent body"),
        max_length=200,
        blank=True,
        help_text=_("For subjects outside the municipality: the body the request is sent to."),
    )
    target_days = models.PositiveSmallIntegerField(
        _("target completion (working days)"), default=10
    )
    is_public = models.BooleanField(_("shown on the public map"), default=True)
    desk_publishes = models.BooleanField(
        _("answers are published by the central desk"),
        default=True,
        help_text=_("Otherwise the directorate answers the citizen directly."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "tr").startswith("en"):
            return self.name_en
        return self.name


class CategoryQuestion(models.Model):
    """An extra question a category asks (Open311 "attributes")."""

    class Datatype(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        CHOICE = "choice", _("Choice")
        YESNO = "yesno", _("Yes or no")

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="questions"
    )
    code = models.SlugField(_("code"), max_length=64)
    label = models.CharField(_("question"), max_length=200)
    label_en = models.CharField(_("question in English"), max_length=200, blank=True)
    datatype = models.CharField(_("answer type"), max_length=8, choices=Datatype.choices)
    required = models.BooleanField(_("required"), default=False)
    values = models.TextField(_("choices"), blank=True, help_text=_("One choice per line."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="sr_question_code_unique")
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        if self.label_en and (get_language() or "tr").startswith("en"):
            return self.label_en
        return self.label

    def choices(self) -> list[str]:
        return [v.strip() for v in self.values.splitlines() if v.strip()]


class Neighbourhood(models.Model):
    """A mahalle of the district."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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

    tracking_number = models.CharField(_("tracking number"), max_length=16, unique=True)
    secret = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    type = models.CharField(_("type"), max_length=16, choices=RequestType.choices)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
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
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="sr_created_idx"),
            models.Index(fields=["status", "-created_at", "-id"], name="sr_status_idx"),
            models.Index(fields=["unit", "status", "-created_at"], name="sr_unit_status_idx"),
            models.Index(fields=["category", "-created_at"], name="sr_category_idx"),
            models.Index(fields=["neighbourhood", "-created_at"], name="sr_neighbourhood_idx"),
            models.Index(fields=["channel", "-created_at"], name="sr_channel_idx"),
            models.Index(fields=["type", "-created_at"], name="sr_type_idx"),
            models.Index(fields=["status", "due_date"], name="sr_due_idx"),
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

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="updates")
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


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"requests/{timezone.now():%Y/%m}/{secrets.token_hex(12)}{_ext(instance.content_type)}"


def _ext(content_type: str) -> str:
    return {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}.get(
        content_type, ".bin"
    )


class Attachment(models.Model):
    """A photo or PDF sent with a request: content sniffed, images re-encoded without metadata."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Notification(models.Model):
    """One message to send about a request; the unique key makes sending happen once."""

    class Event(models.TextChoices):
        RECEIVED = "received", _("Received")
        ROUTED = "routed", _("Routed")
        WAITING = "waiting", _("Information asked")
        FORWARDED = "forwarded", _("Forwarded")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=16, choices=Event.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = models.CharField(max_length=254)
    language = models.CharField(max_length=8, default="tr")
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
                fields=["request", "event", "channel", "recipient"], name="sr_notification_once"
            )
        ]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.request} · {self.event} · {self.channel}"


class ReplyTemplate(models.Model):
    """A reusable answer text the staff start from."""

    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text"))
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, null=True, blank=True
    )

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class RoutingModel(models.Model):
    """A text classifier learnt from the desk's routing; the newest one is used."""

    created_at = models.DateTimeField(default=timezone.now)
    samples = models.PositiveIntegerField()
    data = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.samples})"


class RoutingRule(models.Model):
    """An explicit routing rule the desk writes; it wins over the text classifier.

    A rule matches when every condition it sets holds: the category, the neighbourhood, and
    a keyword found in the folded text.
    """

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, null=True, blank=True
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    keyword = models.CharField(_("keyword"), max_length=100, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.neighbourhood or '*'} / {self.keyword or '*'}"


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


class ApiToken(models.Model):
    """A token for an integration acting as a staff member, limited to scopes. Only the
    SHA-256 of the token is stored; admins issue it (shown once)."""

    SCOPES = ("requests:read", "requests:write")

    name = models.CharField(_("name"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.CASCADE,
        related_name="service_request_tokens",
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(_("key ends with"), max_length=8, editable=False)
    scopes = models.CharField(
        _("scopes"),
        max_length=200,
        default="requests:read",
        help_text=_("Comma separated: requests:read, requests:write."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def scope_set(self) -> set[str]:
        return {s.strip() for s in self.scopes.split(",") if s.strip()}

    def set_key(self, key: str | None = None) -> str:
        import hashlib

        key = key or secrets.token_urlsafe(32)
        self.key_hash = hashlib.sha256(key.encode()).hexdigest()
        self.key_hint = key[-4:]
        return key
