"""The desk's list: filters, Turkish-aware search and keyset pagination.

Search text is normalised in Python (`search_text_for`: Turkish case folding, Turkish
letters dropped, apostrophes split), so "KADIKÖY'DE", "Kadıköy" and "kadikoy" all match.
On PostgreSQL the words go to full-text search with the `simple` configuration over the
folded column (GIN index, migration 0002); on SQLite each word must appear as a substring.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects

from iletisim.monitoring.models import Item, ItemQuerySet, QueryHit, search_text_for

PAGE_SIZE = 50


def search(items: ItemQuerySet, query: str) -> ItemQuerySet:
    words = search_text_for(query).split()[:10]
    if not words:
        return items
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{word}:*" for word in words if word.isalnum())
        if not tsquery:
            return items
        matched = items.extra(  # the words are bound parameters, never spliced into SQL
            where=["to_tsvector('simple'::regconfig, search_text) @@ to_tsquery('simple', %s)"],
            params=[tsquery],
        )
        return cast(ItemQuerySet, matched)
    for word in words:
        items = items.filter(search_text__contains=word)
    return items


def desk_items(data: dict[str, Any]) -> ItemQuerySet:
    items = Item.objects.for_desk()
    if data.get("status"):
        items = items.filter(status=data["status"])
    if data.get("outlet_type"):
        items = items.filter(outlet__type=data["outlet_type"])
    if data.get("scope"):
        items = items.filter(outlet__scope=data["scope"])
    if data.get("outlet"):
        items = items.filter(outlet=data["outlet"])
    if data.get("source"):
        items = items.filter(source=data["source"])
    if data.get("watch_query"):
        # One join on the unique (query, item) index; a hit marked wrong leaves the filter.
        items = items.filter(query_hits__query=data["watch_query"], query_hits__marked_wrong=False)
    if data.get("since"):
        items = items.filter(fetched_at__date__gte=data["since"])
    if data.get("until"):
        items = items.filter(fetched_at__date__lte=data["until"])
    if data.get("q"):
        items = search(items, data["q"])
    return items


def one_per_story(items: ItemQuerySet) -> ItemQuerySet:
    """Of each story's copies among `items`, only the newest (in the desk's order): the
    desk shows a story once, with its number of copies, however many outlets carried it.
    The copies are compared under the same filters, so a filter never hides a story whose
    newest copy it excludes."""
    newer = items.filter(story=OuterRef("story")).filter(
        Q(fetched_at__gt=OuterRef("fetched_at"))
        | Q(fetched_at=OuterRef("fetched_at"), id__gt=OuterRef("id"))
    )
    return items.filter(Q(story__isnull=True) | ~Exists(newer))


def cursor(item: Item) -> str:
    micros = int(item.fetched_at.timestamp()) * 1_000_000 + item.fetched_at.microsecond
    return f"{micros}_{item.pk}"


def page(items: ItemQuerySet, after: str) -> tuple[list[Item], str]:
    """One page newest first, after the keyset cursor "<microseconds>_<id>"; and the next."""
    micros, _sep, item_id = after.partition("_")
    if micros.isdigit() and item_id.isdigit():
        at = dt.datetime.fromtimestamp(int(micros) // 1_000_000, tz=dt.UTC).replace(
            microsecond=int(micros) % 1_000_000
        )
        items = items.filter(Q(fetched_at__lt=at) | Q(fetched_at=at, id__lt=int(item_id)))
    rows = list(items.order_by("-fetched_at", "-id")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, cursor(rows[-1]) if more else ""


def with_query_names(items: list[Item]) -> None:
    """Load each item's watch-query hits (not those marked wrong), for the desk row, in one
    query for the whole page: `item.query_hits.all` then reads from the cache."""
    hits = (
        QueryHit.objects.filter(marked_wrong=False).select_related("query").order_by("query__name")
    )
    prefetch_related_objects(items, Prefetch("query_hits", queryset=hits))
