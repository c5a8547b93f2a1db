"""Grouping copies into stories: exact and near-duplicate matching, agency bylines, totals."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Sum
from django.utils import timezone

from iletisim.monitoring import dedup
from iletisim.monitoring.models import Agency, FetchState, Item, Outlet, Signature, Story

_AGENCY_PATTERNS = [
    (Agency.AA, r"\(AA\)|\bAA\s*[-–]|Anadolu Ajansı|Kaynak:\s*AA\b|Haber:\s*AA\b"),
    (Agency.DHA, r"\(DHA\)|\bDHA\s*[-–]|Demirören Haber Ajansı|Kaynak:\s*DHA\b|Haber:\s*DHA\b"),
    (
        Agency.IHA,
        r"\([İI]HA\)|\b[İI]HA\s*[-–]|İhlas Haber Ajansı|Kaynak:\s*[İI]HA\b|Haber:\s*[İI]HA\b",
    ),
    (Agency.ANKA, r"\(ANKA\)|\bANKA\s*[-–]|ANKA Haber Ajansı|Kaynak:\s*ANKA\b|Haber:\s*ANKA\b"),
]


def detect_agency(text: str, author: str = "") -> str:
    """The agency whose byline or source line the copy carries (AA, DHA, İHA, ANKA), or ""."""
    sample = f"{author}\n{text[:400]}\n{text[-300:]}"
    for agency, pattern in _AGENCY_PATTERNS:
        if re.search(pattern, sample):
            return str(agency)
    return ""


# Any constant: the key of the PostgreSQL advisory lock that serialises story filing.
FILING_LOCK = 0x4D4F4E49  # "MONI"
# Signatures are re-read this far back at each refresh: a row committed a little after a
# later-stamped one (or stamped by a machine whose clock is a little behind) is not missed.
# Filing is serialised and commits within a second of stamping; the overlap is re-read at
# every batch, so it is kept short.
REFRESH_OVERLAP = dt.timedelta(seconds=5)


def lock_filing() -> None:
    """Serialise story filing across workers until the current transaction ends.

    Two workers filing two copies of one story at the same instant would each look for the
    other's copy before it is committed, miss it, and start two stories. On PostgreSQL a
    transaction-level advisory lock makes the second wait for the first's commit; on
    SQLite every transaction is `BEGIN IMMEDIATE` (settings), which already takes the
    database's write lock. Only the filing (a few queries per item) runs under the lock;
    fetching and extraction do not.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FILING_LOCK])


class StoryIndex:
    """The near-duplicate window of one worker, refreshed from `Signature` rows.

    Other workers' items reach this one through `refresh()`, which reads only the
    signatures stored since the last refresh (and a short overlap before it).
    """

    def __init__(self) -> None:
        self.window = dt.timedelta(days=settings.MONITORING_DEDUP_WINDOW_DAYS)
        self.index = dedup.NearDuplicateIndex(window=self.window)
        self.loaded_until: dt.datetime | None = None
        self.refreshed_at: dt.datetime | None = None

    def refresh(self, *, every: float = 1.0) -> None:
        """Read the signatures other workers stored; at most once per `every` seconds."""
        now = timezone.now()
        if self.refreshed_at and (now - self.refreshed_at).total_seconds() < every:
            return
        self.refreshed_at = now
        since = self.loaded_until - REFRESH_OVERLAP if self.loaded_until else now - self.window
        rows = (
            Signature.objects.filter(created_at__gt=since)
            .order_by("created_at")
            .values_list("item_id", "hashvalues", "created_at")
            .iterator(chunk_size=2000)
        )
        latest = self.loaded_until or since
        for item_id, data, created_at in rows:
            if item_id not in self.index:
                self.index.add(item_id, dedup.from_hashvalues(bytes(data)), created_at)
            latest = max(latest, created_at)
        self.loaded_until = latest
        self.index.evict(before=now - self.window)


def attach_to_story(
    item: Item,
    index: StoryIndex,
    tokens: list[str] | None = None,
    *,
    signatures: list[Signature] | None = None,
    fields: dict[str, Any] | None = None,
) -> Story | None:
    """Find the story the item is a copy of (or start one), store its signature, add it up.

    Call it inside a transaction that holds `lock_filing()`, after `index.refresh(every=0)`.
    Counts are updated incrementally (one UPDATE), so filing a copy costs the same however
    large its story is; `recount` rebuilds them from scratch when needed.

    From the pipeline: `fields` (already set on `item`) are written with the story in one
    conditional UPDATE, and nothing is filed (None) when another worker filed the item
    first; `signatures` collects the signature for the caller to insert with its batch.
    """
    # Joined to the items, without ORDER BY (with one, SQLite walks the primary key instead
    # of the content_hash index, and the lookup grows with the archive). The item itself
    # has no story yet, so it cannot find itself.
    # Only what filing reads: not the first copy's full text (a few kilobytes per lookup).
    stories = Story.objects.select_related("first_item").only(
        "id", "agency", "first_item__published_at", "first_item__published_at_trusted",
        "first_item__fetched_at",
    )  # fmt: skip
    story = next(iter(stories.filter(items__content_hash=item.content_hash)[:1]), None)
    minhash = dedup.signature_of(
        tokens if tokens is not None else dedup.words(f"{item.title}\n{item.text}")
    )
    if story is None:
        match = index.index.find(minhash)
        if match is not None:
            story = next(iter(stories.filter(items__pk=match)[:1]), None)
    now = timezone.now()
    reach = item.outlet.reach or 0
    if story is None:
        story = Story.objects.create(
            title=item.title[:500] or item.url[:500],
            first_item=item,
            agency=detect_agency(item.text, item.author),
            item_count=1,
            outlet_count=1,
            total_reach=reach,
            first_seen_at=now,
            last_seen_at=now,
        )
        if not _store(item, story, fields):
            story.delete()
            return None
    else:
        if not _store(item, story, fields):
            return None
        new_outlet = (
            not Item.objects.filter(story=story, outlet_id=item.outlet_id)
            .exclude(pk=item.pk)
            .exists()
        )
        changes: dict[str, Any] = {
            "item_count": F("item_count") + 1,
            "last_seen_at": now,
        }
        if new_outlet:
            changes["outlet_count"] = F("outlet_count") + 1
            changes["total_reach"] = F("total_reach") + reach
        first = story.first_item
        if first is None or _sort_key(item) < _sort_key(first):
            changes["first_item"] = item
        if not story.agency:
            changes["agency"] = detect_agency(item.text, item.author)
        Story.objects.filter(pk=story.pk).update(**changes)
    signature = Signature(item=item, hashvalues=dedup.to_hashvalues(minhash), created_at=now)
    if signatures is None:
        signature.save(force_insert=True)
    else:
        signatures.append(signature)
    index.index.add(item.pk, minhash, now)
    return story


def _store(item: Item, story: Story, fields: dict[str, Any] | None) -> bool:
    """Write the item's story (and the pipeline's fields); False if another worker filed
    the item first (the UPDATE is conditional on the item still waiting)."""
    item.story = story
    if fields is None:
        item.save(update_fields=["story"])
        return True
    return bool(
        Item.objects.filter(pk=item.pk, fetch_state=FetchState.PENDING).update(
            **fields, story=story
        )
    )


def _sort_key(item: Item) -> dt.datetime:
    return item.published_at if item.published_at_trusted and item.published_at else item.fetched_at


def recount(story: Story, *, newest: Item | None = None) -> None:
    """Counts, reach (each outlet once), first publisher and agency of a story."""
    counts = Item.objects.filter(story=story, fetch_state=FetchState.DONE).aggregate(
        items=Count("id"), outlets=Count("outlet", distinct=True)
    )
    reach = Outlet.objects.filter(items__story=story).distinct().aggregate(total=Sum("reach"))
    story.item_count = counts["items"]
    story.outlet_count = counts["outlets"]
    story.total_reach = reach["total"] or 0
    story.last_seen_at = timezone.now()
    fields = ["item_count", "outlet_count", "total_reach", "last_seen_at"]
    if newest is not None:
        first = story.first_item
        if first is None or (first.pk != newest.pk and _sort_key(newest) < _sort_key(first)):
            story.first_item = newest
            fields.append("first_item")
        if not story.agency:
            story.agency = detect_agency(newest.text, newest.author)
            fields.append("agency")
    story.save(update_fields=fields)
