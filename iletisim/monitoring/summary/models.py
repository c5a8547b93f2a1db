"""Models of the press summary: one `PressSummary` per date and version, its `SummaryEntry`
rows. (`Topic` and `Tone` live on `Item` in monitoring/models.py and are re-exported here.)

An entry is a snapshot (headline, outlet, summary text, reach) taken when the draft is built,
so an approved summary never changes when the desk edits an item later. A correction after
approval makes a new version; the old one is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.models import Item, Story, Tone, Topic

__all__ = [
    "EntryKind",
    "PressSummary",
    "Section",
    "SuggestedAction",
    "SummaryEntry",
    "SummaryStatus",
    "Tone",
    "Topic",
]


class Section(models.TextChoices):
    """The summary's sections, in the order the mayor reads them."""

    MUNICIPALITY = "municipality", _("The municipality and the mayor")
    POLITICAL = "political", _("Political news")
    ECONOMIC = "economic", _("Economic news")
    SOCIAL = "social", _("Social news")
    LOCAL = "local", _("Local press")
    NATIONAL = "national", _("National press")
    BROADCAST = "broadcast", _("TV and radio")


SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


class SuggestedAction(models.TextChoices):
    PRESS_STATEMENT = "press_statement", _("A press statement is advisable")
    REBUTTAL = "rebuttal", _("A rebuttal (tekzip) should be considered")
    CALL_JOURNALIST = "call_journalist", _("Contact the journalist")
    INFORM_UNIT = "inform_unit", _("Inform the responsible directorate")
    MONITOR = "monitor", _("Keep monitoring")


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_DIRECTOR = "awaiting_director", _("Waiting for the director")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Replaced by a correction")


class PressSummaryQuerySet(models.QuerySet["PressSummary"]):
    def current(self) -> PressSummaryQuerySet:
        return self.exclude(status=SummaryStatus.SUPERSEDED)


class PressSummary(models.Model):
    """The morning press summary of one date; `version` grows with each correction."""

    TRANSITIONS = {
        SummaryStatus.DRAFT: {SummaryStatus.AWAITING_DIRECTOR, SummaryStatus.APPROVED},
        SummaryStatus.AWAITING_DIRECTOR: {SummaryStatus.APPROVED, SummaryStatus.DRAFT},
        SummaryStatus.APPROVED: {SummaryStatus.SUPERSEDED},
        SummaryStatus.SUPERSEDED: set(),
    }

    date = models.DateField(_("date"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT
    )
    since = models.DateTimeField(_("news since"))
    until = models.DateTimeField(_("news until"))
    note = models.TextField(_("note to the reader"), blank=True)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction"
    )
    item_count = models.PositiveIntegerField(default=0)
    story_count = models.PositiveIntegerField(default=0)
    search_text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    director_approved_at = models.DateTimeField(null=True, blank=True)
    director_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Delivery: claimed by a conditional UPDATE (sending_until), stamped once (sent_at).
    sending_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.JSONField(default=list, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0)
    last_send_error = models.TextField(blank=True)
    deadline_alerted_at = models.DateTimeField(null=True, blank=True)
    # The PDF exactly as it was sent, kept for the archive.
    pdf = models.FileField(_("PDF"), upload_to="monitoring/summaries/%Y/", blank=True)

    objects = PressSummaryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-version"]
        verbose_name = _("press summary")
        verbose_name_plural = _("press summaries")
        constraints = [
            # Two schedulers drafting the same morning: the second insert fails, one summary.
            models.UniqueConstraint(fields=["date", "version"], name="mon_summary_date_version")
        ]
        indexes = [models.Index(fields=["status", "sent_at"], name="mon_summary_delivery")]

    def __str__(self) -> str:
        title = gettext("Press Summary %(date)s") % {"date": f"{self.date:%d.%m.%Y}"}
        return f"{title} (v{self.version})" if self.version > 1 else title

    @property
    def is_frozen(self) -> bool:
        return self.status in (SummaryStatus.APPROVED, SummaryStatus.SUPERSEDED)

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(SummaryStatus(self.status), set())


class EntryKind(models.TextChoices):
    STORY = "story", _("News")
    NOTE = "note", _("Note")


class SummaryEntry(models.Model):
    """One story (its copies folded) or one note of the press officer, in one section."""

    summary = models.ForeignKey(PressSummary, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=EntryKind.choices, default=EntryKind.STORY)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    position = models.PositiveIntegerField(default=0)
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    story = models.ForeignKey(
        Story, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    outlet_name = models.CharField(_("outlet"), max_length=200, blank=True)
    outlet_type = models.CharField(max_length=30, blank=True)
    medium = models.CharField(max_length=10, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    tone = models.CharField(_("tone"), max_length=10, choices=Tone.choices, blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, blank=True)
    summary_text = models.TextField(_("summary"), blank=True)
    url = models.URLField(_("link"), max_length=2000, blank=True)
    scan_url = models.CharField(_("scan"), max_length=500, blank=True)
    other_outlets = models.PositiveIntegerField(default=0)
    total_reach = models.PositiveBigIntegerField(default=0)
    is_top = models.BooleanField(_("top story"), default=False)
    suggested_action = models.CharField(
        _("suggested action"), max_length=30, choices=SuggestedAction.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["summary", "position", "id"]
        verbose_name = _("summary entry")
        verbose_name_plural = _("summary entries")
        indexes = [models.Index(fields=["summary", "position"], name="mon_summary_entry_pos")]

    def __str__(self) -> str:
        return self.headline or self.note[:60]

    @property
    def reach_display(self) -> str:
        """Reach with Turkish thousands separators: 1.250.000."""
        return f"{self.total_reach:,}".replace(",", ".")

    @property
    def tone_or_unknown(self) -> str:
        return self.tone or Tone.NEUTRAL
