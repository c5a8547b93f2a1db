"""Watch queries at work: matching items as they arrive, and the editor's 30-day preview.

One `Matcher` per process, rebuilt when a query changes (keyed on the number of active
queries and their latest `updated_at`: one cheap aggregate per item). Matching an item
(its headline, text, and a clipping's OCR text or transcript) stores its `QueryHit` rows in
one bulk insert, marks it matched, fills its topic (the classifier is loaded once per
process) and its tone (over the hits' context), and makes its alerts. `backfill` runs a new
or changed query over the last 30 days.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from iletisim.monitoring.matching import Document, Matcher, Query, highlights, parse_query
from iletisim.monitoring.matching.evaluate import merge_spans
from iletisim.monitoring.matching.parser import Or
from iletisim.monitoring.matching.text import normalise
from iletisim.monitoring.models import (
    Clipping,
    Correction,
    CorrectionField,
    FetchState,
    Item,
    Medium,
    QueryHit,
    WatchQuery,
)

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


def text_of(item: Item) -> str:
    """What a query reads: headline and text, and a print or broadcast clipping's OCR text
    and transcript when they are not the item's text already."""
    return "\n".join(part for _kind, part in sections_of(item))


def sections_of(item: Item) -> list[tuple[str, str]]:
    """The non-empty parts of `text_of`, in order, as ("title" | "text" | "ocr" |
    "transcript", part)."""
    parts = [("title", item.title), ("text", item.text)]
    if item.medium != Medium.ONLINE:
        try:
            clipping = item.clipping  # select_related by callers that loop
        except Clipping.DoesNotExist:
            clipping = None
        if clipping is not None:
            for kind, extra in (("ocr", clipping.ocr_text), ("transcript", clipping.transcript)):
                if extra.strip() and extra.strip() != item.text.strip():
                    parts.append((kind, extra))
    return [(kind, part) for kind, part in parts if part]


def _corrected(item_ids: list[int]) -> set[tuple[int, str]]:
    """(item, field) pairs whose topic or tone an analyst corrected: theirs stands."""
    return set(
        Correction.objects.filter(
            item_id__in=item_ids, field__in=[CorrectionField.TOPIC, CorrectionField.TONE]
        ).values_list("item_id", "field")
    )


def _topics(texts: dict[int, str]) -> dict[int, Any]:
    """The topic of each text, in one call of the classifier (one call costs ~3 ms on top of
    each text's own ~3 ms: a batch pays it once). A broken model must not stop ingestion."""
    from iletisim.monitoring import topic

    if not texts:
        return {}
    try:
        predictions = topic.classify_many(list(texts.values()))
    except Exception:
        logger.exception("topic classification failed for items %s", sorted(texts))
        return {}
    return dict(zip(texts, predictions, strict=True))


def match_item(
    item: Item,
    *,
    alert: bool = True,
    current: tuple[Matcher, dict[Hashable, Query]] | None = None,
) -> list[int]:
    """Match one stored item against every active query; the ids of the queries that hit.
    `current`: the `current_matcher()` a caller filing a batch looked up once for all.

    Run again (a scan's OCR text arrived), it adds new hits and refreshes topic and tone;
    alerts are made for the rules of the hitting queries (at most one per person and story).
    """
    return match_items([item], alert=alert, current=current).get(item.pk, [])


def match_items(
    items: list[Item],
    *,
    alert: bool = True,
    current: tuple[Matcher, dict[Hashable, Query]] | None = None,
    isolate_failures: bool = False,
) -> dict[int, list[int]]:
    """`match_item` for a batch: the hits of each item that has some, by item id
    (`plan_matches`, then `store_matches`). With `isolate_failures` an item that fails is
    logged and left unmatched while the others go on."""
    plans = plan_matches(items, current=current, isolate_failures=isolate_failures)
    return store_matches(list(plans.values()), alert=alert, isolate_failures=isolate_failures)


@dataclass
class Planned:
    """What matching an item will write: its hits (with their spans) and its fields
    (matched, topic, tone, but a field an analyst corrected)."""

    item: Item
    hits: list[QueryHit]
    fields: dict[str, object]
    hit_ids: list[int]


def plan_matches(
    items: list[Item],
    *,
    current: tuple[Matcher, dict[Hashable, Query]] | None = None,
    isolate_failures: bool = False,
) -> dict[int, Planned]:
    """Match a batch against every active query, without writing: the corrections are read
    and the topics classified once for the whole batch. The items need their headline and
    text in memory, not yet in the database: the ingestion worker plans before it files, so
    an item's fields are written by the one UPDATE that files it."""
    from iletisim.monitoring import tone

    matcher, parsed = current or current_matcher()
    found: list[tuple[Item, str, Document, list[int]]] = []
    for item in items:
        text = text_of(item)
        document = Document(text)
        hit_ids = sorted(int(qid) for qid in matcher.match(document))  # type: ignore[call-overload]
        if hit_ids:
            found.append((item, text, document, hit_ids))
    if not found:
        return {}
    corrected = _corrected([item.pk for item, *_rest in found])
    topics = _topics(
        {
            item.pk: text
            for item, text, _document, _hits in found
            if (item.pk, CorrectionField.TOPIC) not in corrected
        }
    )
    plans: dict[int, Planned] = {}
    for item, _text, document, hit_ids in found:
        try:
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
            prediction = topics.get(item.pk)
            if prediction is not None:
                fields["topic"], fields["topic_confidence"] = (
                    prediction.label,
                    prediction.confidence,
                )
            if (item.pk, CorrectionField.TONE) not in corrected:
                toned = tone.score_tone(document, combined)
                fields["tone"], fields["tone_confidence"] = toned.label, toned.confidence
        except Exception:
            if not isolate_failures:
                raise
            logger.exception("monitoring item %s: watch-query matching failed", item.pk)
            continue
        plans[item.pk] = Planned(item, hits, fields, hit_ids)
    return plans


def store_matches(
    plans: list[Planned],
    *,
    alert: bool = True,
    fields_written: bool = False,
    isolate_failures: bool = False,
) -> dict[int, list[int]]:
    """Write planned matches: hits, the item's fields (unless `fields_written`: the filing
    UPDATE carried them) and alerts, in one transaction (a commit waits for the write-ahead
    log; the workers would wait for one per item), each item in its own savepoint."""
    from iletisim.monitoring.alerts import actions as alerts

    if not plans:
        return {}
    rules = alerts.rules_for(qid for plan in plans for qid in plan.hit_ids) if alert else []
    matched: dict[int, list[int]] = {}
    with transaction.atomic():
        for plan in plans:
            try:
                with transaction.atomic():
                    QueryHit.objects.bulk_create(plan.hits, ignore_conflicts=True)
                    if not fields_written:
                        Item.objects.filter(pk=plan.item.pk).update(**plan.fields)
                    for name, value in plan.fields.items():
                        setattr(plan.item, name, value)
                    if alert:
                        alerts.alert_on_hits(plan.item, plan.hit_ids, rules=rules)
            except Exception:
                if not isolate_failures:
                    raise
                logger.exception("monitoring item %s: storing its matches failed", plan.item.pk)
                continue
            matched[plan.item.pk] = plan.hit_ids
    return matched


def backfill(query_id: int, *, now: dt.datetime | None = None) -> int:
    """Run one (new or changed) query over the last 30 days' items, so the desk shows its
    old hits: hits added, spans refreshed, hits that no longer match removed (a hit an
    analyst marked wrong keeps its mark). Items it newly matches get topic and tone if they
    had none. No alerts: this is history. Returns the number of hits now in the window."""
    from iletisim.monitoring import tone, topic

    watch_query = WatchQuery.objects.filter(pk=query_id, active=True).first()
    if watch_query is None:
        return 0
    try:
        parsed = parse_query(watch_query.text)
    except ValueError:
        return 0
    since = (now or timezone.now()) - dt.timedelta(days=PREVIEW_DAYS)
    window = Item.objects.filter(fetched_at__gte=since, fetch_state=FetchState.DONE)
    existing = {
        hit.item_id: hit
        for hit in QueryHit.objects.filter(query_id=query_id, item__in=window).only(
            "pk", "item_id", "spans"
        )
    }
    matcher = Matcher({query_id: parsed})
    new_hits: list[QueryHit] = []
    changed: list[QueryHit] = []
    newly_matched: list[Item] = []
    found: set[int] = set()
    rows = (
        window.select_related("clipping")
        .only(
            "pk",
            "title",
            "text",
            "medium",
            "topic",
            "tone",
            "clipping__ocr_text",
            "clipping__transcript",
        )
        .order_by("pk")
    )
    for item in rows.iterator(chunk_size=500):
        document = Document(text_of(item))
        if not matcher.match(document):
            continue
        found.add(item.pk)
        spans = [list(span) for span in highlights(parsed, document)]
        hit = existing.get(item.pk)
        if hit is None:
            new_hits.append(QueryHit(query_id=query_id, item_id=item.pk, spans=spans))
            if not item.topic or not item.tone:
                if not item.topic:
                    item.topic = topic.classify(document.text).label
                if not item.tone:
                    item.tone = tone.score_tone(document, parsed).label
                newly_matched.append(item)
        elif hit.spans != spans:
            hit.spans = spans
            changed.append(hit)
    stale = [hit.pk for item_id, hit in existing.items() if item_id not in found]
    with transaction.atomic():
        QueryHit.objects.bulk_create(new_hits, ignore_conflicts=True, batch_size=500)
        QueryHit.objects.bulk_update(changed, ["spans"], batch_size=500)
        QueryHit.objects.filter(pk__in=stale).delete()
        Item.objects.bulk_update(newly_matched, ["topic", "tone"], batch_size=500)
        Item.objects.filter(pk__in=[hit.item_id for hit in new_hits]).update(matched_by_query=True)
        if stale:
            Item.objects.filter(
                pk__in=[existing_id for existing_id in existing if existing_id not in found]
            ).exclude(models.Exists(QueryHit.objects.filter(item=models.OuterRef("pk")))).update(
                matched_by_query=False
            )
    return len(found)


@dataclass
class PreviewRow:
    item: Item
    parts: list[tuple[str, bool]]  # (text, highlighted)


def _parts(
    text: str, spans: list[tuple[int, int]], limit: int | None = 400
) -> list[tuple[str, bool]]:
    """The text around the first highlight (all of it without a `limit`), cut into plain and
    highlighted pieces."""
    start = max(0, spans[0][0] - 120) if spans and limit else 0
    end = min(len(text), start + limit) if limit else len(text)
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


def highlighted_sections(item: Item, hits: list[QueryHit]) -> dict[str, list[tuple[str, bool]]]:
    """The item's headline, text, OCR text and transcript as matching read them, each cut into
    plain and highlighted pieces: the words that made its hits (not those marked wrong)
    match, found again now, so an OCR text that arrived later is highlighted too."""
    sections = sections_of(item)
    document = Document("\n".join(part for _kind, part in sections))
    spans: list[tuple[int, int]] = []
    for hit in hits:
        if hit.marked_wrong:
            continue
        try:
            spans += highlights(parse_query(hit.query.text), document)
        except ValueError:  # a query saved before the language changed: no highlight
            continue
    merged = merge_spans(spans)
    pieces: dict[str, list[tuple[str, bool]]] = {}
    offset = 0
    for kind, part in sections:
        # NFC does not reach across the newlines that join the parts: offsets map one to one
        end = offset + len(normalise(part))
        inside = [
            (max(left, offset) - offset, min(right, end) - offset)
            for left, right in merged
            if right > offset and left < end
        ]
        pieces[kind] = _parts(document.text[offset:end], inside, limit=None)
        offset = end + 1
    return pieces


def preview(query: Query, *, now: dt.datetime | None = None) -> list[PreviewRow]:
    """What the query would have matched among the last 30 days' items, newest first."""
    since = (now or timezone.now()) - dt.timedelta(days=PREVIEW_DAYS)
    items = (
        Item.objects.filter(fetched_at__gte=since, fetch_state=FetchState.DONE)
        .select_related("outlet", "clipping")
        .only(
            "pk", "title", "text", "medium", "fetched_at", "published_at", "outlet__name",
            "clipping__ocr_text", "clipping__transcript",
        )
        .order_by("-fetched_at")[:PREVIEW_SCAN]
    )  # fmt: skip
    rows = []
    for item in items:
        document = Document(text_of(item))  # as matching reads it, OCR text included
        spans = highlights(query, document)
        if spans:
            rows.append(PreviewRow(item, _parts(document.text, spans)))
            if len(rows) >= PREVIEW_LIMIT:
                break
    return rows
