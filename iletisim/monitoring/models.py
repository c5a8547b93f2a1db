"""Models of monitoring: outlets and their sources, fetched items, stories and clippings.

An `Item` is one published copy of a piece of news (a web article, a newspaper page, a TV
or radio segment); copies of the same news are grouped into one `Story`. Sources are polled
by background workers that claim them by row lock (see `fetching.claim_due_sources`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iletisim.lib import turkish


class OutletType(models.TextChoices):
    NATIONAL_NEWSPAPER = "national_newspaper", _("National newspaper")
    LOCAL_NEWSPAPER = "local_newspaper", _("Local newspaper")
    NEWS_SITE = "news_site", _("News site")
    AGENCY = "agency", _("News agency")
    TV = "tv", _("TV channel")
    RADIO = "radio", _("Radio station")
    MAGAZINE = "magazine", _("Magazine")


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")


class ReachKind(models.TextChoices):
    CIRCULATION = "circulation", _("Daily circulation")
    MONTHLY_VISITORS = "monthly_visitors", _("Monthly visitors")
    AUDIENCE = "audience", _("Audience")


class Outlet(models.Model):
    """A newspaper, site, agency, channel or station whose news the press unit follows."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=30, choices=OutletType.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    city = models.CharField(_("city"), max_length=80, blank=True)
    district = models.CharField(_("district"), max_length=80, blank=True)
    website = models.URLField(_("website"), blank=True)
    reach = models.PositiveBigIntegerField(_("reach"), null=True, blank=True)
    reach_kind = models.CharField(
        _("reach measured as"), max_length=20, choices=ReachKind.choices, blank=True
    )
    reach_source = models.CharField(_("reach source"), max_length=200, blank=True)
    reach_date = models.DateField(_("reach date"), null=True, blank=True)
    leaning_note = models.TextField(_("political leaning note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self) -> str:
        return self.name


class SourceQuerySet(models.QuerySet["Source"]):
    def due(self, now: dt.datetime) -> SourceQuerySet:
        """Active sources whose next poll has come and that no live worker holds."""
        return (
            self.filter(paused=False, next_poll_at__lte=now)
            .exclude(kind="manual")
            .filter(models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now))
        )


class Source(models.Model):
    """One place an outlet publishes: a feed, a news sitemap, a listing page, or manual entry.

    `kind` names a module in `monitoring.sources.REGISTRY`; `settings` holds what that kind
    needs (CSS selectors for a listing page, for example).
    """

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("kind"), max_length=20)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    # Polling state.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    interval = models.DurationField(default=dt.timedelta(minutes=15))
    next_poll_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    # Health.
    consecutive_failures = models.PositiveIntegerField(default=0)
    paused = models.BooleanField(_("paused"), default=False)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_new_items = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["outlet__name", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        indexes = [models.Index(fields=["paused", "next_poll_at"], name="mon_source_due")]

    def __str__(self) -> str:
        return f"{self.outlet.name} ({self.kind})"


class ItemStatus(models.TextChoices):
    NEW = "new", _("New")
    RELEVANT = "relevant", _("Relevant")
    IRRELEVANT = "irrelevant", _("Irrelevant")


class FetchState(models.TextChoices):
    PENDING = "pending", _("Waiting to be fetched")
    DONE = "done", _("Fetched")
    FAILED = "failed", _("Could not be fetched")


class Medium(models.TextChoices):
    ONLINE = "online", _("Online")
    PRINT = "print", _("Print")
    TV = "tv", _("TV")
    RADIO = "radio", _("Radio")


class Agency(models.TextChoices):
    AA = "AA", "Anadolu Ajansı"
    DHA = "DHA", "Demirören Haber Ajansı"
    IHA = "IHA", "İhlas Haber Ajansı"
    ANKA = "ANKA", "ANKA Haber Ajansı"


class Importance(models.IntegerChoices):
    NONE = 0, _("Not set")
    LOW = 1, _("Low")
    MEDIUM = 2, _("Moderate")
    HIGH = 3, _("High")


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def search_text_for(*parts: str) -> str:
    """The text the desk searches: Turkish-folded, and a word with a suffix after an
    apostrophe kept both split and joined ("Kadıköy'de" -> "kadikoy de ... kadikoyde"), so
    searching "kadıköy", "kadikoyde" or "Kadıköy'de" all find it."""
    return search_text_of_folded(turkish.fold(" ".join(p for p in parts if p)))


def search_text_of_folded(text: str) -> str:
    """`search_text_for` of text already through `turkish.fold`."""
    for mark in ("’", "‘", "`"):
        text = text.replace(mark, "'")
    joined = [word.replace("'", "") for word in text.split() if "'" in word]
    return " ".join([*text.replace("'", " ").split(), *joined])


class Topic(models.TextChoices):
    POLITICS = "siyaset", _("Politics")
    ECONOMY = "ekonomi", _("Economy")
    CULTURE = "kultur-sanat", _("Culture and arts")
    HEALTH = "saglik", _("Health")
    SPORT = "spor", _("Sport")
    TECHNOLOGY = "teknoloji", _("Technology")


class Tone(models.TextChoices):
    """Towards the municipality, not the article's general mood."""

    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class ItemQuerySet(models.QuerySet["Item"]):
    def for_desk(self) -> ItemQuerySet:
        return self.filter(fetch_state=FetchState.DONE).select_related(
            "outlet", "source", "story", "assignee"
        )


class Item(models.Model):
    """One published copy of a piece of news, online or clipped from print, TV or radio."""

    TRANSITIONS = {
        ItemStatus.NEW: {ItemStatus.RELEVANT, ItemStatus.IRRELEVANT},
        ItemStatus.RELEVANT: {ItemStatus.IRRELEVANT, ItemStatus.NEW},
        ItemStatus.IRRELEVANT: {ItemStatus.RELEVANT, ItemStatus.NEW},
    }

    url = models.URLField(_("address"), max_length=2000, blank=True)
    url_hash = models.CharField(max_length=64, unique=True)
    guid = models.CharField(max_length=500, blank=True)
    medium = models.CharField(_("medium"), max_length=10, choices=Medium.choices)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="items")
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    title = models.CharField(_("headline"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_at_trusted = models.BooleanField(default=False)
    language = models.CharField(max_length=10, blank=True)
    image_url = models.URLField(max_length=2000, blank=True)
    fetched_at = models.DateTimeField(_("found"), default=timezone.now)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    search_text = models.TextField(blank=True)
    story = models.ForeignKey(
        "Story", on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    # Fetching: pending items are claimed with a lease, so a dead worker's item comes back.
    fetch_state = models.CharField(
        max_length=10, choices=FetchState.choices, default=FetchState.PENDING
    )
    fetch_attempts = models.PositiveSmallIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    # The desk.
    status = models.CharField(
        _("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.NEW
    )
    importance = models.PositiveSmallIntegerField(
        _("importance"), choices=Importance.choices, default=Importance.NONE
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    matched_by_query = models.BooleanField(_("matched by a watch query"), default=False)
    # Filled when a watch query matches (watch.match_item); NULL for unmatched items, as
    # since migration 0003 (the columns were added from summary/models.py until issue 6).
    topic = models.CharField(  # noqa: DJ001
        _("topic"), max_length=20, choices=Topic.choices, null=True, blank=True
    )
    tone = models.CharField(  # noqa: DJ001
        _("tone"), max_length=10, choices=Tone.choices, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitoring_items",
        verbose_name=_("assigned to"),
    )
    # How sure the classifier and the tone scorer were (0..1); empty once an analyst set it.
    topic_confidence = models.FloatField(_("topic confidence"), null=True, blank=True)
    tone_confidence = models.FloatField(_("tone confidence"), null=True, blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        indexes = [
            models.Index(fields=["-fetched_at", "-id"], name="mon_item_desk"),
            models.Index(fields=["status", "-fetched_at", "-id"], name="mon_item_status"),
            models.Index(fields=["outlet", "-fetched_at"], name="mon_item_outlet"),
            models.Index(fields=["source", "-fetched_at"], name="mon_item_source"),
            models.Index(fields=["assignee", "status"], name="mon_item_assignee"),
            models.Index(fields=["fetch_state", "claimed_until"], name="mon_item_fetch"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"#{self.pk}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(ItemStatus(self.status), set())

    @property
    def reach(self) -> int:
        return self.outlet.reach or 0


class Story(models.Model):
    """One piece of news and all its copies: the first publisher, the agency behind it."""

    title = models.CharField(max_length=500)
    first_item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agency = models.CharField(max_length=10, choices=Agency.choices, blank=True)
    item_count = models.PositiveIntegerField(default=0)
    outlet_count = models.PositiveIntegerField(default=0)
    total_reach = models.PositiveBigIntegerField(default=0)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.title


class Signature(models.Model):
    """An item's MinHash signature, kept for the rolling near-duplicate window."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, primary_key=True)
    hashvalues = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"signature of item {self.item_id}"


class OcrState(models.TextChoices):
    NONE = "none", _("No scan")
    PENDING = "pending", _("Waiting for OCR")
    DONE = "done", _("OCR done")
    UNAVAILABLE = "unavailable", _("OCR not available")
    FAILED = "failed", _("OCR failed")


def clipping_upload_to(instance: Any, filename: str) -> str:
    return f"monitoring/clippings/{timezone.now():%Y/%m}/{filename}"


class Clipping(models.Model):
    """What a print, TV or radio item adds to an Item: the page scan or the broadcast."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="clipping")
    # Print.
    page = models.CharField(_("page"), max_length=20, blank=True)
    scan = models.FileField(_("scan"), upload_to=clipping_upload_to, blank=True)
    ocr_text = models.TextField(_("OCR text"), blank=True)
    ocr_state = models.CharField(max_length=12, choices=OcrState.choices, default=OcrState.NONE)
    # TV and radio.
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    air_time = models.DateTimeField(_("air time"), null=True, blank=True)
    duration = models.DurationField(_("duration"), null=True, blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    media_file = models.FileField(
        _("audio or video file"), upload_to=clipping_upload_to, blank=True
    )
    media_url = models.URLField(_("audio or video link"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clipping")
        verbose_name_plural = _("clippings")

    def __str__(self) -> str:
        return str(self.item)


class HostPace(models.Model):
    """When a host may next be asked: politeness shared by every worker on every machine."""

    host = models.CharField(max_length=255, unique=True)
    next_request_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.host


class HostSlot(models.Model):
    """One of the few requests a host may have in flight at once, counted across every
    worker on every machine. Held with a lease longer than any request may last, so the
    slot of a worker that dies mid-request frees itself."""

    host = models.CharField(max_length=255)
    number = models.PositiveSmallIntegerField()
    held_until = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["host", "number"], name="monitoring_host_slot_once")
        ]

    def __str__(self) -> str:
        return f"{self.host} #{self.number}"


from iletisim.monitoring.summary.models import *  # noqa: E402,F403


class WatchQuery(models.Model):
    """A saved, named query (see matching/parser.py) that decides which items concern us."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    text = models.TextField(_("query"), max_length=2000)
    active = models.BooleanField(_("active"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("watch query")
        verbose_name_plural = _("watch queries")

    def __str__(self) -> str:
        return self.name


class QueryHit(models.Model):
    """An item a watch query matched, with the character spans of the words that matched."""

    query = models.ForeignKey(WatchQuery, on_delete=models.CASCADE, related_name="hits")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="query_hits")
    spans = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    # An analyst said this query should not have matched this item (a Correction keeps who
    # and when); the hit stays, counts against the query's precision, and leaves its filter.
    marked_wrong = models.BooleanField(_("wrong hit"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query", "item"], name="monitoring_hit_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.query_id} → {self.item_id}"


class CorrectionField(models.TextChoices):
    TOPIC = "topic", _("Topic")
    TONE = "tone", _("Tone")
    QUERY_HIT = "query_hit", _("Watch query hit")


class Correction(models.Model):
    """An analyst's correction of an item's topic, tone or of one query's hit on it ("wrong"
    or "right" again, with `query` set): what the retraining and the precision learn from."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=10, choices=CorrectionField.choices)
    query = models.ForeignKey(
        WatchQuery, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    old_value = models.CharField(max_length=20, blank=True)
    new_value = models.CharField(max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["field", "item", "at"])]

    def __str__(self) -> str:
        return f"{self.item_id} {self.field}: {self.old_value} → {self.new_value}"


from iletisim.monitoring.alerts.models import *  # noqa: E402,F403
from iletisim.monitoring.numbers.models import *  # noqa: E402,F403
