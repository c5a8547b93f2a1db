"""The ingestion pipeline: poll a source, queue its new articles, fetch and extract each one.

Workers claim sources and items with `SELECT ... FOR UPDATE SKIP LOCKED` and a lease
(`claimed_until`): several workers on several machines never take the same row at once, and
a row whose worker died mid-fetch is taken again once its lease runs out (fetched again,
never lost; `url_hash` is unique, so never doubled).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from iletisim.lib import turkish
from iletisim.monitoring import dedup, sources, watch
from iletisim.monitoring.canonical import canonical_url
from iletisim.monitoring.dates import choose_published_at
from iletisim.monitoring.extraction import Extracted, extract
from iletisim.monitoring.fetching import Fetched, Fetcher, FetchError, Throttled
from iletisim.monitoring.models import (
    FetchState,
    Item,
    Medium,
    Source,
    search_text_of_folded,
    url_hash,
)
from iletisim.monitoring.stories import AlreadyFiled, Copy, StoryIndex, file_copies, lock_filing

logger = logging.getLogger(__name__)

SOURCE_LEASE = dt.timedelta(minutes=5)
ITEM_LEASE = dt.timedelta(minutes=2)
ITEM_MAX_ATTEMPTS = 3


def claim_due_sources(limit: int = 10, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Source.objects.due(now)
            .select_for_update(skip_locked=True)
            .order_by("next_poll_at")
            .values_list("id", flat=True)[:limit]
        )
        Source.objects.filter(id__in=ids).update(claimed_until=now + SOURCE_LEASE)
    return ids


def claim_pending_items(limit: int = 20, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Item.objects.filter(fetch_state=FetchState.PENDING)
            .exclude(claimed_until__gt=now)
            .select_for_update(skip_locked=True)
            .order_by("id")
            .values_list("id", flat=True)[:limit]
        )
        Item.objects.filter(id__in=ids).update(
            claimed_until=now + ITEM_LEASE, fetch_attempts=F("fetch_attempts") + 1
        )
    return ids


# -- sources ------------------------------------------------------------------------------


def _bounds() -> tuple[dt.timedelta, dt.timedelta]:
    return (
        dt.timedelta(minutes=settings.MONITORING_POLL_MIN_MINUTES),
        dt.timedelta(minutes=settings.MONITORING_POLL_MAX_MINUTES),
    )


def adapt_interval(interval: dt.timedelta, new_items: int) -> dt.timedelta:
    """Busy sources are polled more often, quiet ones less, within the configured bounds."""
    low, high = _bounds()
    changed = interval / 2 if new_items else interval * 1.5
    return min(max(changed, low), high)


def poll_source(source_id: int, fetcher: Fetcher) -> int:
    """Fetch one source, queue its new articles; returns how many were new. Never raises
    for a fault of the remote site: the fault is recorded on the source's health."""
    source = Source.objects.select_related("outlet").get(pk=source_id)
    kind = sources.REGISTRY.get(source.kind)
    now = timezone.now()
    if kind is None or not kind.POLLED:
        Source.objects.filter(pk=source.pk).update(claimed_until=None)
        return 0
    try:
        result = fetcher.fetch(source.url, etag=source.etag, last_modified=source.last_modified)
        if result.not_modified:
            record_success(source, new_items=0, now=now)
            return 0
        body_hash = hashlib.sha256(result.body).hexdigest()
        if body_hash == source.content_hash:
            record_success(source, new_items=0, now=now)
            return 0
        entries = kind.parse(result.body, base_url=result.url, settings=source.settings)
    except Throttled as exc:
        record_failure(source, str(exc), now=now, wait=exc.retry_after)
        return 0
    except (FetchError, sources.ParseError) as exc:
        record_failure(source, str(exc), now=now)
        return 0
    except Exception as exc:
        # A document nobody foresaw (or a bug): logged on the source's health, the run goes on.
        logger.exception("monitoring source %s: unexpected error", source.pk)
        record_failure(source, f"{exc.__class__.__name__}: {exc}", now=now)
        return 0
    new = queue_entries(source, entries, now=now)
    source.etag = result.headers.get("etag", "")[:300]
    source.last_modified = result.headers.get("last-modified", "")[:100]
    source.content_hash = body_hash
    record_success(source, new_items=new, now=now)
    return new


def queue_entries(source: Source, entries: list[sources.Entry], *, now: dt.datetime) -> int:
    """Create pending items for entries not seen before (by canonical URL)."""
    fresh: dict[str, Item] = {}
    for entry in entries:
        url = canonical_url(entry.url)
        key = url_hash(url)
        if key in fresh:
            continue  # a feed listing the same article twice (or every item with one GUID)
        published, trusted = choose_published_at([entry.published_at], now)
        fresh[key] = Item(
            url=url,
            url_hash=key,
            guid=entry.guid,
            medium=Medium.ONLINE,
            outlet_id=source.outlet_id,
            source=source,
            title=entry.title,
            published_at=published if trusted else None,
            published_at_trusted=trusted,
            fetched_at=now,
        )
    known = set(Item.objects.filter(url_hash__in=list(fresh)).values_list("url_hash", flat=True))
    new = [item for key, item in fresh.items() if key not in known]
    Item.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return len(new)


def record_success(source: Source, *, new_items: int, now: dt.datetime) -> None:
    source.interval = adapt_interval(source.interval, new_items)
    source.next_poll_at = now + source.interval
    source.consecutive_failures = 0
    source.last_success_at = now
    source.last_new_items = new_items
    source.claimed_until = None
    source.save(
        update_fields=[
            "etag", "last_modified", "content_hash", "interval", "next_poll_at",
            "consecutive_failures", "last_success_at", "last_new_items", "claimed_until",
        ]
    )  # fmt: skip


def record_failure(
    source: Source, error: str, *, now: dt.datetime, wait: dt.timedelta | None = None
) -> None:
    """Back off exponentially (or as the server asked); pause after too many failures."""
    low, high = _bounds()
    source.consecutive_failures += 1
    backoff = min(source.interval * (2 ** min(source.consecutive_failures, 8)), high)
    # Never sooner than a minute, whatever Retry-After says: a round polls until none is due.
    source.next_poll_at = now + (
        max(wait, dt.timedelta(minutes=1)) if wait is not None else max(backoff, low)
    )
    source.last_error_at = now
    source.last_error = error[:2000]
    source.claimed_until = None
    pause = source.consecutive_failures >= settings.MONITORING_PAUSE_AFTER_FAILURES
    logger.warning("monitoring source %s failed: %s", source.pk, error)
    if pause and not source.paused:
        from iletisim.monitoring.actions import pause_source

        pause_source(source=source, reason=error, by=None)
    source.save(
        update_fields=[
            "consecutive_failures", "next_poll_at", "last_error_at", "last_error",
            "claimed_until",
        ]
    )  # fmt: skip


# -- items --------------------------------------------------------------------------------


@dataclass
class Prepared:
    """A fetched, extracted item with everything that will be written for it."""

    item: Item
    fields: dict[str, Any]
    tokens: list[str]


def fetch_item(item_id: int, fetcher: Fetcher, index: StoryIndex) -> bool:
    """Fetch, extract and file one claimed item; True when it reached the desk."""
    return bool(fetch_items([item_id], fetcher, index))


def fetch_items(item_ids: list[int], fetcher: Fetcher, index: StoryIndex) -> int:
    """Fetch and extract a claimed batch, then file it in one transaction; how many reached
    the desk. The pages are downloaded by a helper thread while this one extracts the
    pages already there; the network and the extractor run outside any transaction and
    lock, only the short filing step is serialised (see `file_items`)."""
    items = Item.objects.select_related("outlet").in_bulk(item_ids)
    pending = [
        items[item_id]
        for item_id in item_ids
        if item_id in items and items[item_id].fetch_state == FetchState.PENDING
    ]
    now = timezone.now()
    prepared = []
    with fetcher.keeping_slots():  # a host's slot is taken once for the batch, not per page
        downloads = [(item, _downloader().submit(_download, fetcher, item.url)) for item in pending]
        for item, download in downloads:
            ready = extract_download(item, download, now)
            if ready is not None:
                prepared.append(ready)
    if not prepared:
        return 0
    plans = plan_matches(prepared)
    filed = file_items(prepared, index=index)
    store_matches(filed, plans)
    return len(filed)


_pool: ThreadPoolExecutor | None = None


def _downloader() -> ThreadPoolExecutor:
    """One download thread per worker process: fetching overlaps extraction, and a worker
    still asks a host for one page at a time (`Fetcher` paces hosts across workers)."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="monitoring-download")
    return _pool


def _download(fetcher: Fetcher, url: str) -> tuple[Fetched, str]:
    # Host pacing and slots use the database from this thread: as a task does, drop a
    # connection that is broken or past its age before using it.
    close_old_connections()
    result = fetcher.fetch(url)
    return result, result.text()


def extract_download(
    item: Item, download: Future[tuple[Fetched, str]], now: dt.datetime
) -> Prepared | None:
    try:
        result, html = download.result()
    except Throttled as exc:
        Item.objects.filter(pk=item.pk).update(claimed_until=now + exc.retry_after)
        return None
    except FetchError as exc:
        logger.info("monitoring item %s not fetched: %s", item.pk, exc)
        retry_later(item, now)
        return None
    except Exception:
        logger.exception("monitoring item %s: unexpected error while downloading", item.pk)
        retry_later(item, now)
        return None
    try:
        return prepare(item, extract(html, result.url), now=now)
    except Exception:
        # A page that breaks the extractor must not come back forever: it is tried again
        # later and given up after ITEM_MAX_ATTEMPTS, like a page that cannot be fetched.
        logger.exception("monitoring item %s: unexpected error", item.pk)
        retry_later(item, now)
        return None


def retry_later(item: Item, now: dt.datetime) -> None:
    state = FetchState.FAILED if item.fetch_attempts >= ITEM_MAX_ATTEMPTS else FetchState.PENDING
    Item.objects.filter(pk=item.pk, fetch_state=FetchState.PENDING).update(
        fetch_state=state, claimed_until=now + ITEM_LEASE * max(item.fetch_attempts, 1)
    )


def prepare(item: Item, extracted: Extracted, *, now: dt.datetime) -> Prepared:
    published, trusted = choose_published_at(
        [item.published_at, extracted.published_at]
        if item.published_at_trusted
        else [extracted.published_at, item.published_at],
        now,
    )
    title = (extracted.title or item.title)[:500]
    # Folded once, for both the near-duplicate shingles and the desk's search text.
    folded = turkish.fold(f"{title}\n{extracted.text}")
    tokens = dedup.folded_words(folded)
    fields = {
        "title": title,
        "text": extracted.text,
        "author": extracted.author[:300],
        "language": extracted.language[:10],
        "image_url": extracted.image[:2000],
        "published_at": published if trusted else None,
        "published_at_trusted": trusted,
        "content_hash": dedup.content_hash_of(tokens),
        "search_text": search_text_of_folded(folded),
        "fetch_state": FetchState.DONE,
        "claimed_until": None,
    }
    return Prepared(item, fields, tokens)


def complete_item(item: Item, extracted: Extracted, *, index: StoryIndex, now: dt.datetime) -> None:
    """File one extracted item (the batch path, for a single item)."""
    prepared = [prepare(item, extracted, now=now)]
    plans = plan_matches(prepared)
    store_matches(file_items(prepared, index=index), plans)


def file_items(prepared: list[Prepared], *, index: StoryIndex) -> list[Item]:
    """Store a batch of extracted items and put each into its story, in one transaction.

    Filing is serialised across workers (`stories.lock_filing`) and the worker's
    near-duplicate window is brought up to date once it holds the lock: two copies of one
    story filed at the same instant by two workers would otherwise each miss the other and
    start two stories. If the batch fails (or another worker filed one of its items
    first), its items are filed again one by one, so one bad item does not hold back the
    others (no savepoint per item on the common path).
    """
    try:
        return _file_batch(prepared, index=index)
    except AlreadyFiled:
        if len(prepared) == 1:
            return []  # a slow twin that lost its lease: the other worker's copy stands
    except Exception:
        if len(prepared) == 1:
            logger.exception("monitoring item %s could not be filed", prepared[0].item.pk)
            retry_later(prepared[0].item, timezone.now())
            return []
    logger.warning("monitoring: a batch of %d items failed, filed one by one", len(prepared))
    return [item for ready in prepared for item in file_items([ready], index=index)]


def _file_batch(prepared: list[Prepared], *, index: StoryIndex) -> list[Item]:
    with transaction.atomic():
        lock_filing()
        index.refresh(every=0)
        for ready in prepared:
            for name, value in ready.fields.items():
                setattr(ready.item, name, value)
        # Only the first worker to finish files an item (its UPDATE is conditional): a
        # slow twin that lost its lease finds it done, and the batch is filed item by item.
        file_copies([Copy(ready.item, ready.tokens, ready.fields) for ready in prepared], index)
    return [ready.item for ready in prepared]


def plan_matches(prepared: list[Prepared]) -> dict[int, watch.Planned]:
    """Watch queries on a batch about to be filed. Each hit item's fields (matched, topic,
    tone) are added to what its filing UPDATE writes, so the row is written once. A failure
    leaves the items to be filed unmatched, never unfiled."""
    for ready in prepared:  # what the queries read, before the filing sets it
        ready.item.title, ready.item.text = ready.fields["title"], ready.fields["text"]
    try:
        plans = watch.plan_matches(
            [ready.item for ready in prepared],
            current=watch.current_matcher(),
            isolate_failures=True,
        )
    except Exception:
        logger.exception("monitoring: watch-query matching failed for a batch")
        return {}
    for ready in prepared:
        plan = plans.get(ready.item.pk)
        if plan is not None:
            ready.fields.update(plan.fields)
    return plans


def store_matches(filed: list[Item], plans: dict[int, watch.Planned]) -> None:
    """The hits and alerts of the items that were filed (their fields went with the filing)."""
    try:
        watch.store_matches(
            [plans[item.pk] for item in filed if item.pk in plans],
            fields_written=True,
            isolate_failures=True,
        )
    except Exception:
        logger.exception("monitoring: storing a batch's watch-query hits failed")
