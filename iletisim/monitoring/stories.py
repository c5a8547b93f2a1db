"""Grouping copies into stories: exact and near-duplicate matching, agency bylines, totals."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
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


class AlreadyFiled(Exception):
    """Another worker filed the item first (its conditional UPDATE found it no longer
    waiting): the whole batch is rolled back and filed again item by item."""


@dataclass
class Copy:
    """One item to file: its words (None: taken from its title and text) and, from the
    pipeline, the fields to write with its story (already set on the item)."""

    item: Item
    tokens: list[str] | None = None
    fields: dict[str, Any] | None = None


def attach_to_story(item: Item, index: StoryIndex, tokens: list[str] | None = None) -> Story:
    """Find the story the item is a copy of (or start one), store its signature, add it up.

    Call it inside a transaction that holds `lock_filing()`, after `index.refresh(every=0)`.
    """
    return file_copies([Copy(item, tokens)], index)[0]


def file_copies(copies: list[Copy], index: StoryIndex) -> list[Story]:
    """Put each copy into its story, in order, with a handful of queries for the batch.

    Call it inside a transaction that holds `lock_filing()`, after `index.refresh(every=0)`.
    A copy joins the story of an item with the same content hash, else the story of its
    nearest duplicate in the window (an earlier copy of the batch included), else starts
    one. Stories are looked up once for the batch's content hashes; new stories are
    inserted in one query, and each story it adds to gets one UPDATE of its counts
    (incremental, so filing a copy costs the same however large its story is; `recount`
    rebuilds them from scratch). Raises `AlreadyFiled` if another worker filed a copy
    first: the caller's transaction is then rolled back, and the window forgets the batch.
    """
    added: list[int] = []
    try:
        return _file_copies(copies, index, added)
    except BaseException:
        for pk in added:
            index.index.discard(pk)
        raise


def _file_copies(copies: list[Copy], index: StoryIndex, added: list[int]) -> list[Story]:
    now = timezone.now()
    known: dict[int, Story] = {}  # one object per stored story, however it was found

    def one(story: Story | None) -> Story | None:
        return None if story is None else known.setdefault(story.pk, story)

    # Joined to the items, without ORDER BY, and only what filing reads (not the first
    # copy's full text). The batch's items have no story yet, so none finds itself.
    by_hash: dict[str, Story] = {}
    rows = (
        Item.objects.filter(content_hash__in={copy.item.content_hash for copy in copies})
        .exclude(story=None)
        .select_related("story__first_item")
        .only(*_STORY_FIELDS, "content_hash")
    )
    for row in rows:
        if row.content_hash not in by_hash:
            by_hash[row.content_hash] = one(row.story)  # type: ignore[assignment]
    by_item: dict[int, Story] = {}  # stories of this batch's copies, by item id
    stories: list[Story] = []
    signatures: list[Signature] = []
    for copy in copies:
        item = copy.item
        minhash = dedup.signature_of(
            copy.tokens if copy.tokens is not None else dedup.words(f"{item.title}\n{item.text}")
        )
        story = by_hash.get(item.content_hash)
        if story is None:
            match = index.index.find(minhash)
            if match is not None:
                story = by_item.get(match) or one(_story_of(match))
        if story is None:
            story = Story(
                title=item.title[:500] or item.url[:500], first_item=item, first_seen_at=now
            )
        by_hash.setdefault(item.content_hash, story)
        by_item[item.pk] = story
        stories.append(story)
        signatures.append(
            Signature(item=item, hashvalues=dedup.to_hashvalues(minhash), created_at=now)
        )
        index.index.add(item.pk, minhash, now)
        added.append(item.pk)
    _add_up(copies, stories, now)
    for copy, story in zip(copies, stories, strict=True):
        _store(copy.item, story, copy.fields)
    Signature.objects.bulk_create(signatures)
    return stories


_STORY_FIELDS = (
    "story__id", "story__agency", "story__first_item__published_at",
    "story__first_item__published_at_trusted", "story__first_item__fetched_at",
)  # fmt: skip


def _story_of(item_id: int) -> Story | None:
    found = (
        Item.objects.filter(pk=item_id)
        .exclude(story=None)
        .select_related("story__first_item")
        .only(*_STORY_FIELDS)
        .first()
    )
    return found.story if found is not None else None


@dataclass(eq=False)
class _Tally:
    """What a batch adds to one story."""

    story: Story
    outlets: set[int]  # the story's outlets so far
    items: int = 0
    new_outlets: int = 0
    reach: int = 0
    changed: dict[str, Any] = field(default_factory=dict)


def _add_up(copies: list[Copy], stories: list[Story], now: dt.datetime) -> None:
    """Insert the new stories and add the copies to the counts, reach (each outlet once),
    first publisher and agency of the others, with one UPDATE per story."""
    stored = {story.pk for story in stories if story.pk is not None}
    outlets: dict[int, set[int]] = defaultdict(set)
    if stored:
        pairs = Item.objects.filter(story__in=stored).values_list("story_id", "outlet_id")
        for story_id, outlet_id in pairs.distinct():
            outlets[story_id].add(outlet_id)
    tallies: dict[int, _Tally] = {}  # by id(story): new stories have no pk yet
    for copy, story in zip(copies, stories, strict=True):
        item = copy.item
        tally = tallies.get(id(story))
        if tally is None:
            seen = outlets[story.pk] if story.pk is not None else set()
            tally = tallies[id(story)] = _Tally(story, seen)
        tally.items += 1
        if item.outlet_id not in tally.outlets:
            tally.outlets.add(item.outlet_id)
            tally.new_outlets += 1
            tally.reach += item.outlet.reach or 0
        first = story.first_item
        if first is not item and (first is None or _sort_key(item) < _sort_key(first)):
            story.first_item = tally.changed["first_item"] = item
        if not story.agency:
            story.agency = tally.changed["agency"] = detect_agency(item.text, item.author)
    new = [tally for tally in tallies.values() if tally.story.pk is None]
    for tally in new:
        tally.story.item_count = tally.items
        tally.story.outlet_count = tally.new_outlets
        tally.story.total_reach = tally.reach
        tally.story.last_seen_at = now
    if new:
        Story.objects.bulk_create([tally.story for tally in new])
    for tally in tallies.values():
        if tally in new:
            continue
        update: dict[str, Any] = {
            "item_count": F("item_count") + tally.items,
            "last_seen_at": now,
            **tally.changed,
        }
        if tally.new_outlets:
            update["outlet_count"] = F("outlet_count") + tally.new_outlets
            update["total_reach"] = F("total_reach") + tally.reach
        Story.objects.filter(pk=tally.story.pk).update(**update)


def _store(item: Item, story: Story, fields: dict[str, Any] | None) -> None:
    """Write the item's story (and the pipeline's fields); `AlreadyFiled` if another worker
    filed the item first (the UPDATE is conditional on the item still waiting)."""
    item.story = story
    if fields is None:
        item.save(update_fields=["story"])
    elif not Item.objects.filter(pk=item.pk, fetch_state=FetchState.PENDING).update(
        **fields, story=story
    ):
        raise AlreadyFiled(item.pk)


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
