"""Models of press: communications and their approval history, distributions by e-mail with
one row per recipient, and rebuttals (tekzip). The media contact book (`contact_models.py`)
and journalists' requests (`request_models.py`) live in their own modules; every name is
importable from here.

Workflow rules live in `workflow.py` and `actions.py`, not here; models carry named
QuerySet filters and small verbs only.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iletisim.accounts.models import Unit
from iletisim.press.contact_models import (  # the contact book, in its own module
    ContactList,
    Journalist,
    JournalistQuerySet,  # noqa: F401 (re-exported)
    MediaOutlet,
    Segment,
    Suppression,  # noqa: F401 (re-exported)
)
from iletisim.press.request_models import CoordinationTask, PressRequest  # noqa: F401 (re-exported)


class Kind(models.TextChoices):
    RELEASE = "release", _("Press release")
    STATEMENT = "statement", _("Statement")
    ANNOUNCEMENT = "announcement", _("Announcement")
    REBUTTAL = "rebuttal", _("Rebuttal (tekzip)")
    INVITATION = "invitation", _("Media invitation")


# Kinds the mayor's office must approve; for the others the step is optional.
MAYOR_REQUIRED_KINDS = frozenset({Kind.STATEMENT, Kind.REBUTTAL})


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PRESS_REVIEW = "press_review", _("Press unit review")
    DIRECTOR_REVIEW = "director_review", _("Director approval")
    MAYOR_REVIEW = "mayor_review", _("Mayor's office approval")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled (under embargo)")
    PUBLISHED = "published", _("Published")


REVIEW_STATUSES = frozenset({Status.PRESS_REVIEW, Status.DIRECTOR_REVIEW, Status.MAYOR_REVIEW})


class CommunicationQuerySet(models.QuerySet["Communication"]):
    def public(self, now: dt.datetime | None = None) -> CommunicationQuerySet:
        """What the press room, its feed and its search may show: published, embargo over."""
        now = now or timezone.now()
        return self.filter(
            status__in=[Status.PUBLISHED, Status.SCHEDULED], published_at__lte=now
        ).filter(Q(embargo_until__isnull=True) | Q(embargo_until__lte=now))

    def visible_to(self, user: object) -> CommunicationQuerySet:
        """Staff lists: everything for municipality-wide roles and the press office, else
        only the items that concern one of the user's directorates."""
        if getattr(user, "sees_all_units", False) or user.has_role("press_officer"):  # type: ignore[attr-defined]
            return self
        return self.filter(units__in=user.unit_ids).distinct()  # type: ignore[attr-defined]

    def embargo_due(self, now: dt.datetime | None = None) -> CommunicationQuerySet:
        now = now or timezone.now()
        return self.filter(status=Status.SCHEDULED, embargo_until__lte=now)


class Communication(models.Model):
    """Anything the press office sends out: a press release (basın bülteni), a statement
    (basın açıklaması), an announcement (duyuru), a rebuttal (tekzip: the legal right of
    reply to a published article) or an invitation to a press event."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Sanitised HTML."))
    search_text = models.TextField(blank=True, editable=False)  # content.search_text()
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    video_links = models.TextField(_("video links"), blank=True, help_text=_("One per line."))
    units = models.ManyToManyField(
        Unit, verbose_name=_("directorates concerned"), blank=True, related_name="+"
    )
    embargo_until = models.DateTimeField(_("embargo until"), null=True, blank=True)
    event_at = models.DateTimeField(_("event time"), null=True, blank=True)
    event_place = models.CharField(_("event place"), max_length=200, blank=True)
    mayor_approval = models.BooleanField(
        _("ask the mayor's office to approve"),
        default=False,
        help_text=_("Always required for statements and rebuttals."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = CommunicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("communication")
        verbose_name_plural = _("communications")
        indexes = [
            models.Index(fields=["status", "-updated_at", "-id"]),
            models.Index(fields=["-published_at", "-id"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_mayor(self) -> bool:
        return self.kind in MAYOR_REQUIRED_KINDS or self.mayor_approval

    @property
    def is_locked(self) -> bool:
        """The text cannot change while reviewers read it, nor after approval."""
        return self.status != Status.DRAFT

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def video_list(self) -> list[str]:
        """Web addresses only: a line such as "javascript:…" never becomes a public link."""
        lines = (v.strip() for v in self.video_links.splitlines())
        return [v for v in lines if v.lower().startswith(("https://", "http://"))]

    def is_public(self, now: dt.datetime | None = None) -> bool:
        return Communication.objects.public(now).filter(pk=self.pk).exists()


class Revision(models.Model):
    """The text of a communication as it was saved; consecutive revisions give the diff."""

    communication = models.ForeignKey(
        Communication, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["communication", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["communication", "number"], name="press_revision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.communication_id} r{self.number}"


class Decision(models.Model):
    """One reviewer's decision at one step of the approval workflow."""

    class Verdict(models.TextChoices):
        APPROVED = "approved", _("Approved")
        APPROVED_WITH_COMMENT = "approved_with_comment", _("Approved with a comment")
        SENT_BACK = "sent_back", _("Sent back with required changes")

    communication = models.ForeignKey(
        Communication, on_delete=models.CASCADE, related_name="decisions"
    )
    step = models.CharField(_("step"), max_length=16, choices=Status.choices)
    verdict = models.CharField(_("decision"), max_length=24, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["communication", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.get_verdict_display()}"


class Photo(models.Model):
    communication = models.ForeignKey(
        Communication, on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("file"), upload_to="press/photos/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=300)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    usage_rights = models.CharField(
        _("usage rights"),
        max_length=300,
        default=_("Free for editorial use with credit"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["communication", "position", "id"]

    def __str__(self) -> str:
        return self.caption


class Document(models.Model):
    communication = models.ForeignKey(
        Communication, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to="press/documents/%Y/%m/")
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["communication", "id"]

    def __str__(self) -> str:
        return self.title


# --- Distribution ----------------------------------------------------------------------------


class Distribution(models.Model):
    """One sending of a published communication to lists and segments by e-mail."""

    communication = models.ForeignKey(
        Communication, on_delete=models.PROTECT, related_name="distributions"
    )
    lists = models.ManyToManyField(ContactList, blank=True, verbose_name=_("lists"))
    segments = models.ManyToManyField(Segment, blank=True, verbose_name=_("segments"))
    mailer = models.CharField(_("mail server"), max_length=50, default="default")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.communication} · {self.created_at:%Y-%m-%d %H:%M}"

    def counts(self) -> dict[str, int]:
        rows = self.recipients.values("state").annotate(n=models.Count("id"))
        found = {state: 0 for state in Recipient.State.values}
        found.update({row["state"]: row["n"] for row in rows})
        found["total"] = sum(found.values())
        found["done"] = (
            found["total"] - found[Recipient.State.QUEUED] - found[Recipient.State.SENDING]
        )
        return found


class Recipient(models.Model):
    """One address of one distribution, with its delivery state. Sending claims rows, so a
    restarted worker resumes without sending anyone twice or skipping anyone."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Complained")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        FAILED = "failed", _("Failed")

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="recipients"
    )
    journalist = models.ForeignKey(
        Journalist, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.CharField(_("e-mail address"), max_length=254)  # lower-case
    name = models.CharField(_("name"), max_length=150, blank=True)
    outlet_name = models.CharField(_("outlet"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    # Click tracking (off unless PRESS_CLICK_TRACKING): first click and how many.
    clicked_at = models.DateTimeField(_("clicked at"), null=True, blank=True)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["distribution", "email"], name="press_recipient_unique")
        ]
        indexes = [models.Index(fields=["distribution", "state", "id"])]

    def __str__(self) -> str:
        return self.email


class MailServer(models.Model):
    """What all workers share about one outgoing mail server (a MAILERS alias): the next free
    sending slot under its rate limit and, after a failed connection, until when it is
    skipped. Times are Unix seconds; see channels/pool.py."""

    alias = models.CharField(max_length=50, unique=True)
    next_slot = models.FloatField(default=0.0)
    down_until = models.FloatField(default=0.0)

    def __str__(self) -> str:
        return self.alias


# --- Rebuttals (tekzip) ----------------------------------------------------------------------


class Rebuttal(models.Model):
    """The legal side of a rebuttal (tekzip): the article or broadcast it answers and the
    clocks that run from it. Press law 5187 art. 14 for printed press, 6112 art. 18 for
    broadcasters. The article is picked from monitoring (`clipping`: an online item or a
    print/broadcast clipping, whose text is shown next to the draft) or entered by hand."""

    class Medium(models.TextChoices):
        PRESS = "press", _("Printed or online press (5187 art. 14)")
        BROADCAST = "broadcast", _("Radio or television (6112 art. 18)")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for the outlet")
        PUBLISHED = "published", _("Published")
        IMPROPER = "improper", _("Published, but not as the law requires (page, type, length)")
        REFUSED = "refused", _("Refused")
        COURT = "court", _("Applied to the criminal judgeship of peace")

    communication = models.OneToOneField(
        Communication, on_delete=models.CASCADE, related_name="rebuttal"
    )
    medium = models.CharField(_("medium"), max_length=16, choices=Medium.choices)
    outlet = models.ForeignKey(
        MediaOutlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="+"
    )
    article_title = models.CharField(_("title of the article"), max_length=300)
    article_url = models.URLField(_("address of the article"), blank=True)
    article_page = models.CharField(_("page"), max_length=20, blank=True)
    article_published_on = models.DateField(_("published or broadcast on"))
    article_lines = models.PositiveIntegerField(_("lines of the article"), default=0)
    clipping = models.ForeignKey(
        "monitoring.Item",
        verbose_name=_("clipping answered"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_on = models.DateField(_("sent to the outlet on"), null=True, blank=True)
    received_on = models.DateField(_("received by the outlet on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    outcome_page = models.CharField(_("published on page"), max_length=20, blank=True)
    outcome_note = models.TextField(_("note"), blank=True)
    reminded_for = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("rebuttal")
        verbose_name_plural = _("rebuttals")

    def __str__(self) -> str:
        return f"{self.outlet} · {self.article_title}"
