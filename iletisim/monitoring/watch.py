"""Watch queries at work: matching items as they arrive, and the editor's 30-day preview.

One `Matcher` per process, rebuilt when a query changes (keyed on the number of active
queries and their latest `updated_at`: one cheap aggregate per item). Matching an item
stores its `QueryHit` rows in one bulk insert, marks it matched and fills its topic (the
classifier is loaded once per process) and its tone (over the hits' context).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Hashable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from iletisim.monitoring.matching import Document, Matcher, Query, highlights, parse_query
from iletisim.monitoring.matching.parser import Or
from iletisim.monitoring.models import FetchState, Item, QueryHit, WatchQuery

logger = logging.getLogger(__name__)
PREVIEW_DAYS = 30
PREVIEW_LIMIT = 50
PREVIEW_SCAN = 5000

_lock = threading.Lock()
_state: dict[str, object] = {}


def _key() -> tuple[int, int, dt.datetime | None]:
    """Changes whenever a query is added, changed, (de)activated or deleted."""
    found = WatchQuery.objects.aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(active=True)), latest=Max("updated_at")
    )
    return found["total"], found["active"], found["latest"]


def current_matcher() -> tuple[Matcher, dict[Hashable, Query]]:
    """The matcher over every active query, rebuilt only when the queries changed."""
    key = _key()
    with _lock:
        if _state.get("key") == key:
            return _state["matcher"], _state["queries"]  # type: ignore[return-value]
        parsed: dict[Hashable, Query] = {}
        for pk, text in WatchQuery.objects.filter(active=True).values_list("pk", "text"):
            try:
                parsed[pk] = parse_query(text)
            except ValueError:  # saved before a stricter parser: skipped, not fatal
                logger.warning("watch query %s no longer parses", pk)
        matcher = Matcher(parsed)
        _state.update(key=key, matcher=matcher, queries=parsed)
        return matcher, parsed


def forget_matcher() -> None:
    with _lock:
        _state.clear()


def match_item(item: Item) -> list[int]:
    """Match one stored item against every active query; the ids of the queries that hit."""
    from iletisim.monitoring import tone, topic

    matcher, parsed = current_matcher()
    text = f"{item.title}\n{item.text}"
    document = Document(text)
    hit_ids: list[int] = sorted(int(qid) for qid in matcher.match(document))  # type: ignore[call-overload]
    if not hit_ids:
        return []
    hits = [
        QueryHit(
            query_id=qid,
            item=item,
            spans=[list(span) for span in highlights(parsed[qid], document)],
        )
        for qid in hit_ids
    ]
    combined = (
        parsed[hit_ids[0]]
        if len(hit_ids) == 1
        else Query("", Or(tuple(parsed[qid].root for qid in hit_ids)))
    )
    fields: dict[str, object] = {"matched_by_query": True}
    try:
        prediction = topic.classify(text)
        fields["topic"], fields["topic_confidence"] = prediction.label, prediction.confidence
    except Exception:  # a broken model must not stop ingestion
        logger.exception("topic classification failed for item %s", item.pk)
    toned = tone.score_tone(document, combined)
    fields["tone"], fields["tone_confidence"] = toned.label, toned.confidence
    with transaction.atomic():
        QueryHit.objects.bulk_create(hits, ignore_conflicts=True)
        Item.objects.filter(pk=item.pk).update(**fields)
    for name, value in fields.items():
        setattr(item, name, value)
    return hit_ids


@dataclass
class PreviewRow:
    item: Item
    parts: list[tuple[str, bool]]  # (text, highlighted)


def _parts(text: str, spans: list[tuple[int, int]], limit: int = 400) -> list[tuple[str, bool]]:
    """The text around the first highlight, cut into plain and highlighted pieces."""
    start = max(0, spans[0][0] - 120) if spans else 0
    end = min(len(text), start + limit)
    parts: list[tuple[str, bool]] = []
    position = start
    for left, right in spans:
        if right <= start or left >= end:
            continue
        left, right = max(left, start), min(right, end)
        if left > position:
            parts.append((text[position:left], False))
        parts.append((text[left:right], True))
        position = right
    if position < end:
        parts.append((text[position:end], False))
    return parts


def preview(query: Query, *, now: dt.datetime | None = None) -> list[PreviewRow]:
    """What the query would have matched among the last 30 days' items, newest first."""
    since = (now or timezone.now()) - dt.timedelta(days=PREVIEW_DAYS)
    items = (
        Item.objects.filter(fetched_at__gte=since, fetch_state=FetchState.DONE)
        .select_related("outlet")
        .only("pk", "title", "text", "fetched_at", "published_at", "outlet__name")
        .order_by("-fetched_at")[:PREVIEW_SCAN]
    )
    rows = []
    for item in items:
        document = Document(f"{item.title}\n{item.text}")
        spans = highlights(query, document)
        if spans:
            rows.append(PreviewRow(item, _parts(document.text, spans)))
            if len(rows) >= PREVIEW_LIMIT:
                break
    return rows
