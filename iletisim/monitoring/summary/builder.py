"""Choosing the night's news for the summary: items since the last summary, copies folded
into their story, each story placed in one section and summarised in two or three sentences.

Sections: the municipality and the mayor first (an item naming one of SUMMARY_KEYWORDS),
then by topic (politics; economy; culture, health, sport and technology as social news),
then, for items without a topic, by outlet: local press, national press, TV and radio.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from iletisim.lib import turkish
from iletisim.monitoring.models import (
    FetchState,
    Item,
    ItemQuerySet,
    ItemStatus,
    Medium,
    OutletType,
    Scope,
)
from iletisim.monitoring.summary import summarise
from iletisim.monitoring.summary.models import (
    SECTION_ORDER,
    EntryKind,
    Section,
    SummaryEntry,
    Tone,
    Topic,
)

TOPIC_SECTIONS = {
    Topic.POLITICS: Section.POLITICAL,
    Topic.ECONOMY: Section.ECONOMIC,
    Topic.CULTURE: Section.SOCIAL,
    Topic.HEALTH: Section.SOCIAL,
    Topic.SPORT: Section.SOCIAL,
    Topic.TECHNOLOGY: Section.SOCIAL,
}


def keywords() -> list[str]:
    """The words naming the municipality or the mayor, folded like `Item.search_text`."""
    words = [*settings.SUMMARY_KEYWORDS, settings.MUNICIPALITY_NAME]
    return [turkish.fold(" ".join(w.split())) for w in words if w.strip()]


def mentions_municipality(item: Item, folded_keywords: list[str]) -> bool:
    haystack = item.search_text or ""
    return any(word in haystack for word in folded_keywords)


def section_for(item: Item, folded_keywords: list[str]) -> str:
    if mentions_municipality(item, folded_keywords):
        return Section.MUNICIPALITY
    topic = item.topic
    if topic in TOPIC_SECTIONS:
        return TOPIC_SECTIONS[Topic(topic)]
    if item.medium in (Medium.TV, Medium.RADIO) or item.outlet.type in (
        OutletType.TV,
        OutletType.RADIO,
    ):
        return Section.BROADCAST
    if item.outlet.scope in (Scope.LOCAL, Scope.REGIONAL):
        return Section.LOCAL
    return Section.NATIONAL


def window_queryset(since: dt.datetime, until: dt.datetime) -> ItemQuerySet:
    """The items found in (since, until] that the desk has not marked irrelevant."""
    return (
        Item.objects.filter(
            fetch_state=FetchState.DONE, fetched_at__gt=since, fetched_at__lte=until
        )
        .exclude(status=ItemStatus.IRRELEVANT)
        .select_related("outlet", "clipping")
        .order_by("fetched_at", "id")
    )


def window_items(since: dt.datetime, until: dt.datetime) -> list[Item]:
    return list(window_queryset(since, until))


@dataclass
class Group:
    items: list[Item] = field(default_factory=list)

    @property
    def lead(self) -> Item:
        """The copy to quote: the earliest with a text, the earliest otherwise."""
        with_text = [i for i in self.items if i.text.strip()]
        return (with_text or self.items)[0]

    @property
    def reach(self) -> int:
        outlets = {i.outlet_id: i.outlet.reach or 0 for i in self.items}
        return sum(outlets.values())

    @property
    def outlet_count(self) -> int:
        return len({i.outlet_id for i in self.items})

    @property
    def tone(self) -> str:
        """The lead's tone; else the most common known tone among the copies; else none."""
        lead_tone = self.lead.tone
        if lead_tone:
            return str(lead_tone)
        tones = [t for i in self.items if (t := i.tone)]
        return max(set(tones), key=tones.count) if tones else ""


def group_items(items: list[Item]) -> list[Group]:
    groups: dict[object, Group] = defaultdict(Group)
    for item in items:
        key = ("story", item.story_id) if item.story_id else ("item", item.pk)
        groups[key].items.append(item)
    return list(groups.values())


def scan_url(item: Item) -> str:
    clipping = getattr(item, "clipping", None)
    if clipping is not None and clipping.scan:
        return f"{settings.SITE_URL}{clipping.scan.url}"
    return ""


def entry_for(item: Item, *, section: str, group: Group | None = None) -> SummaryEntry:
    group = group or Group([item])
    lead = group.lead
    return SummaryEntry(
        kind=EntryKind.STORY,
        section=section,
        item=lead,
        story_id=lead.story_id,
        headline=summarise.headline(lead.title, lead.text),
        outlet_name=lead.outlet.name[:200],
        outlet_type=lead.outlet.type,
        medium=lead.medium,
        published_at=lead.published_at or lead.fetched_at,
        tone=group.tone,
        topic=getattr(lead, "topic", None) or "",
        summary_text=summarise.summarise(lead.text, lead.title),
        url=lead.url if lead.url.startswith(("https://", "http://")) else "",
        scan_url=scan_url(lead),
        other_outlets=max(group.outlet_count - 1, 0),
        total_reach=group.reach,
    )


def build_entries(items: list[Item]) -> list[SummaryEntry]:
    """Unsaved entries, section by section, the widest-reaching stories first."""
    folded = keywords()
    entries = []
    for group in group_items(items):
        section = min((section_for(i, folded) for i in group.items), key=lambda s: SECTION_ORDER[s])
        entries.append(entry_for(group.lead, section=section, group=group))
    entries.sort(
        key=lambda e: (
            SECTION_ORDER[e.section],
            -e.total_reach,
            -e.other_outlets,
            e.published_at or dt.datetime.min.replace(tzinfo=dt.UTC),
        )
    )
    for position, entry in enumerate(entries):
        entry.position = (position + 1) * 10
    return entries


def tone_counts(entries: list[SummaryEntry]) -> dict[str, int]:
    counts = {Tone.POSITIVE.value: 0, Tone.NEUTRAL.value: 0, Tone.NEGATIVE.value: 0}
    for entry in entries:
        if entry.kind == EntryKind.STORY:
            counts[entry.tone_or_unknown] += 1
    return counts
