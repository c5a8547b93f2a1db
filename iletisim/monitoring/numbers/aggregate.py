"""The desk's figures, each computed by one aggregate query in the database.

`build(filters)` runs a fixed number of queries whatever the period, the number of items,
outlets, stories or chosen queries (the tests hold it to that): totals, tone by day (or week,
or month for long periods), top outlets, top stories by reach, per topic, share of voice and
per neighbourhood. Every figure counts the items fetched in the period that the desk has not
marked irrelevant, narrowed by the filters. The period uses the items' `fetched_at` (indexed
with the desk's `mon_item_desk`), as the weekly and monthly reports do: a published date is
missing for some copies.

Share of voice and neighbourhoods count the items hit by the watch queries the press unit
chose for them (`NumbersQuery`): the Turkish-aware matcher already decided those hits, so
`Moda'da` counts for Moda and `modern` does not; a hit the desk marked wrong does not count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth, TruncWeek
from django.utils import timezone

from iletisim.monitoring.models import FetchState, Item, ItemStatus, QueryHit, Story
from iletisim.monitoring.numbers.models import NumbersRole

TONES = ("positive", "neutral", "negative")
TOP = 10
MAX_DAYS = 731  # two years: longer periods are cut to their last two years


@dataclass(frozen=True)
class Filters:
    since: dt.date
    until: dt.date  # inclusive
    medium: str = ""
    outlet_type: str = ""
    topic: str = ""
    tone: str = ""
    query_id: int | None = None
    relevant_only: bool = False

    @property
    def bucket(self) -> str:
        days = (self.until - self.since).days + 1
        return "day" if days <= 62 else "week" if days <= 366 else "month"

    def as_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "medium": self.medium,
            "outlet_type": self.outlet_type,
            "topic": self.topic,
            "tone": self.tone,
            "query": self.query_id,
            "relevant_only": self.relevant_only,
        }


def default_filters(today: dt.date | None = None) -> Filters:
    today = today or timezone.localdate()
    return Filters(since=today - dt.timedelta(days=29), until=today)


@dataclass
class Numbers:
    filters: Filters
    totals: dict[str, int]
    tone_over_time: list[dict[str, Any]]
    top_outlets: list[dict[str, Any]]
    top_stories: list[dict[str, Any]]
    topics: list[dict[str, Any]]
    share_of_voice: list[dict[str, Any]]
    neighbourhoods: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)


def items(filters: Filters) -> QuerySet[Item]:
    """The items every figure counts."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(filters.since, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    found = Item.objects.filter(
        fetch_state=FetchState.DONE, fetched_at__gte=start, fetched_at__lt=end
    )
    if filters.relevant_only:
        found = found.filter(status=ItemStatus.RELEVANT)
    else:
        found = found.exclude(status=ItemStatus.IRRELEVANT)
    if filters.medium:
        found = found.filter(medium=filters.medium)
    if filters.outlet_type:
        found = found.filter(outlet__type=filters.outlet_type)
    if filters.topic:
        found = found.filter(topic=filters.topic)
    if filters.tone:
        found = found.filter(tone=filters.tone)
    if filters.query_id:  # one filter() call: the same hit must be that query's and not wrong
        found = found.filter(query_hits__query_id=filters.query_id, query_hits__marked_wrong=False)
    return found


def _dicts(rows: Iterable[Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in rows]


def _tone_counts(prefix: str = "") -> dict[str, Count]:
    """Items per tone, and those without a tone yet, as conditional counts."""
    counts = {
        tone: Count(f"{prefix}pk", filter=Q(**{f"{prefix}tone": tone}), distinct=bool(prefix))
        for tone in TONES
    }
    counts["untoned"] = Count(
        f"{prefix}pk", filter=Q(**{f"{prefix}tone__isnull": True}), distinct=bool(prefix)
    )
    return counts


def _periods(filters: Filters) -> list[dt.date]:
    """Every bucket's first day, so a day without news shows as zero, not as a gap."""
    day, out = filters.since, []
    while day <= filters.until:
        if filters.bucket == "day":
            out.append(day)
            day += dt.timedelta(days=1)
        elif filters.bucket == "week":
            monday = day - dt.timedelta(days=day.weekday())
            out.append(monday)
            day = monday + dt.timedelta(days=7)
        else:
            first = day.replace(day=1)
            out.append(first)
            day = (first + dt.timedelta(days=32)).replace(day=1)
    return out


def tone_over_time(found: QuerySet[Item], filters: Filters) -> list[dict[str, Any]]:
    trunc = {"day": TruncDate, "week": TruncWeek, "month": TruncMonth}[filters.bucket]
    tz = timezone.get_current_timezone()
    rows = (
        found.annotate(period=trunc("fetched_at", tzinfo=tz))
        .values("period")
        .annotate(**_tone_counts())
        .order_by("period")
    )
    by_period: dict[dt.date, dict[str, Any]] = {}
    for found_row in rows:
        row = dict(found_row)
        period: Any = row.pop("period")
        by_period[period.date() if isinstance(period, dt.datetime) else period] = row
    empty = dict.fromkeys((*TONES, "untoned"), 0)
    return [{"period": day, **by_period.get(day, empty)} for day in _periods(filters)]


def top_outlets(found: QuerySet[Item]) -> list[dict[str, Any]]:
    return _dicts(
        found.values(name=F("outlet__name"), outlet_reach=F("outlet__reach"))
        .annotate(items=Count("pk"), **_tone_counts())
        .order_by("-items", "name")[:TOP]
    )


def top_stories(found: QuerySet[Item]) -> list[dict[str, Any]]:
    """Stories with a copy among the items, by the story's total reach (the sum of its
    outlets' reach, each outlet once: see stories.py), then by how many outlets ran it."""
    return _dicts(
        Story.objects.filter(pk__in=found.filter(story__isnull=False).values("story_id"))
        .order_by("-total_reach", "-outlet_count", "pk")
        .values("pk", "title", "item_count", "outlet_count", "total_reach")[:TOP]
    )


def topics(found: QuerySet[Item]) -> list[dict[str, Any]]:
    return _dicts(
        found.values("topic")
        .annotate(items=Count("pk"), reach_sum=Sum("outlet__reach"), **_tone_counts())
        .order_by("-items", "topic")
    )


def hits_by_query(found: QuerySet[Item], roles: tuple[str, ...]) -> list[dict[str, Any]]:
    """Items hit by each watch query chosen for these roles, with their tone and reach."""
    return _dicts(
        QueryHit.objects.filter(
            query__numbers_role__role__in=roles,
            marked_wrong=False,
            item__in=found.values("pk"),
        )
        .values("query_id", name=F("query__name"), role=F("query__numbers_role__role"))
        .annotate(
            items=Count("item", distinct=True),
            reach_sum=Sum("item__outlet__reach"),
            **_tone_counts("item__"),
        )
        .order_by("-items", "name")
    )


def share_of_voice(found: QuerySet[Item]) -> list[dict[str, Any]]:
    rows = hits_by_query(found, (NumbersRole.OWN, NumbersRole.PEER))
    total = sum(row["items"] for row in rows)
    for row in rows:
        row["share"] = round(100 * row["items"] / total, 1) if total else 0.0
    return rows


def build(filters: Filters) -> Numbers:
    found = items(filters)
    totals = found.aggregate(items=Count("pk"), reach=Sum("outlet__reach"), **_tone_counts())
    totals["reach"] = totals["reach"] or 0
    return Numbers(
        filters=filters,
        totals=totals,
        tone_over_time=tone_over_time(found, filters),
        top_outlets=top_outlets(found),
        top_stories=top_stories(found),
        topics=topics(found),
        share_of_voice=share_of_voice(found),
        neighbourhoods=hits_by_query(found, (NumbersRole.NEIGHBOURHOOD,)),
    )
