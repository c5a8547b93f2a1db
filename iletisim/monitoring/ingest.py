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

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from iletisim.monitoring import dedup, sources, watch
from iletisim.monitoring.canonical import canonical_url
from iletisim.monitoring.dates import choose_published_at
from iletisim.monitoring.extraction import Extracted, extract
from iletisim.monitoring.fetching import Fetcher, FetchError, Throttled
from iletisim.monitoring.models import (
    FetchState,
    Item,
    Medium,
    Source,
    search_text_for,
    url_hash,
)
from iletisim.monitoring.stories import StoryIndex, attach_to_story

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


def fetch_item(item_id: int, fetcher: Fetcher, index: StoryIndex) -> bool:
    """Fetch, extract and file one claimed item; True when it reached the desk."""
    item = Item.objects.select_related("outlet").get(pk=item_id)
    if item.fetch_state != FetchState.PENDING:
        return False
    now = timezone.now()
    try:
        result = fetcher.fetch(item.url)
        html = result.text()
    except Throttled as exc:
        Item.objects.filter(pk=item.pk).update(claimed_until=now + exc.retry_after)
        return False
    except FetchError as exc:
        logger.info("monitoring item %s not fetched: %s", item.pk, exc)
        retry_later(item, now)
        return False
    try:
        extracted = extract(html, result.url)
        complete_item(item, extracted, index=index, now=now)
    except Exception:
        # A page that breaks the extractor must not come back forever: it is tried again
        # later and given up after ITEM_MAX_ATTEMPTS, like a page that cannot be fetched.
        logger.exception("monitoring item %s: unexpected error", item.pk)
        retry_later(item, now)
        return False
    return True


def retry_later(item: Item, now: dt.datetime) -> None:
    state = FetchState.FAILED if item.fetch_attempts >= ITEM_MAX_ATTEMPTS else FetchState.PENDING
    Item.objects.filter(pk=item.pk, fetch_state=FetchState.PENDING).update(
        fetch_state=state, claimed_until=now + ITEM_LEASE * max(item.fetch_attempts, 1)
    )


def complete_item(item: Item, extracted: Extracted, *, index: StoryIndex, now: dt.datetime) -> None:
    published, trusted = choose_published_at(
        [item.published_at, extracted.published_at]
        if item.published_at_trusted
        else [extracted.published_at, item.published_at],
        now,
    )
    title = (extracted.title or item.title)[:500]
    tokens = dedup.words(f"{title}\n{extracted.text}")
    fields = {
        "title": title,
        "text": extracted.text,
        "author": extracted.author[:300],
        "language": extracted.language[:10],
        "image_url": extracted.image[:2000],
        "published_at": published if trusted else None,
        "published_at_trusted": trusted,
        "content_hash": dedup.content_hash_of(tokens),
        "search_text": search_text_for(title, extracted.text),
        "fetch_state": FetchState.DONE,
        "claimed_until": None,
    }
    with transaction.atomic():
        # Only the first worker to finish files the item (one conditional UPDATE): a slow
        # twin that lost its lease finds it done and stops, so no copy is counted twice.
        done = Item.objects.filter(pk=item.pk, fetch_state=FetchState.PENDING).update(**fields)
        if not done:
            return
        for name, value in fields.items():
            setattr(item, name, value)
        index.refresh()
        attach_to_story(item, index, tokens)
    # Matched after the item is filed: a failure here leaves it on the desk, unmatched.
    try:
        watch.match_item(item)
    except Exception:
        logger.exception("monitoring item %s: watch-query matching failed", item.pk)
