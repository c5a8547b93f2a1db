"""Demo data: well-known Turkish outlets (names, types and a rounded reach; nothing is
fetched), watch queries for the municipality, its mayor, peers and neighbourhoods, and thirty
days of invented news (demo_news.py) filed, matched, classified and toned by the real
pipeline, so the desk, the numbers and the reports have something to show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from iletisim.monitoring import demo_news
from iletisim.monitoring.models import (
    FetchState,
    Item,
    Medium,
    Outlet,
    OutletType,
    ReachKind,
    Scope,
    WatchQuery,
    search_text_for,
    url_hash,
)

OUTLETS = [
    ("Hürriyet", OutletType.NATIONAL_NEWSPAPER, Scope.NATIONAL, ""),
    ("Sabah", OutletType.NATIONAL_NEWSPAPER, Scope.NATIONAL, ""),
    ("Sözcü", OutletType.NATIONAL_NEWSPAPER, Scope.NATIONAL, ""),
    ("Cumhuriyet", OutletType.NATIONAL_NEWSPAPER, Scope.NATIONAL, ""),
    ("Milliyet", OutletType.NATIONAL_NEWSPAPER, Scope.NATIONAL, ""),
    ("Anadolu Ajansı", OutletType.AGENCY, Scope.NATIONAL, ""),
    ("Demirören Haber Ajansı", OutletType.AGENCY, Scope.NATIONAL, ""),
    ("İhlas Haber Ajansı", OutletType.AGENCY, Scope.NATIONAL, ""),
    ("ANKA Haber Ajansı", OutletType.AGENCY, Scope.NATIONAL, ""),
    ("NTV", OutletType.TV, Scope.NATIONAL, ""),
    ("TRT Haber", OutletType.TV, Scope.NATIONAL, ""),
    ("Halk TV", OutletType.TV, Scope.NATIONAL, ""),
    ("TRT Radyo 1", OutletType.RADIO, Scope.NATIONAL, ""),
    ("T24", OutletType.NEWS_SITE, Scope.NATIONAL, ""),
    ("BirGün", OutletType.NATIONAL_NEWSPAPER, Scope.NATIONAL, ""),
    ("Yeni Asır", OutletType.LOCAL_NEWSPAPER, Scope.REGIONAL, "İzmir"),
    ("Ege Telgraf", OutletType.LOCAL_NEWSPAPER, Scope.LOCAL, "İzmir"),
    ("Olay Gazetesi", OutletType.LOCAL_NEWSPAPER, Scope.LOCAL, "Bursa"),
    ("Kent TV", OutletType.TV, Scope.LOCAL, "İzmir"),
    ("Atlas", OutletType.MAGAZINE, Scope.NATIONAL, ""),
]

# Reach as the outlets publish it, rounded, for the demo only (circulation for papers,
# monthly visitors for agencies and sites, audience for broadcasters).
REACH = {
    "Hürriyet": (150_000, ReachKind.CIRCULATION),
    "Sabah": (180_000, ReachKind.CIRCULATION),
    "Sözcü": (250_000, ReachKind.CIRCULATION),
    "Cumhuriyet": (40_000, ReachKind.CIRCULATION),
    "Milliyet": (90_000, ReachKind.CIRCULATION),
    "BirGün": (25_000, ReachKind.CIRCULATION),
    "Anadolu Ajansı": (20_000_000, ReachKind.MONTHLY_VISITORS),
    "Demirören Haber Ajansı": (5_000_000, ReachKind.MONTHLY_VISITORS),
    "İhlas Haber Ajansı": (4_000_000, ReachKind.MONTHLY_VISITORS),
    "T24": (12_000_000, ReachKind.MONTHLY_VISITORS),
    "NTV": (1_500_000, ReachKind.AUDIENCE),
    "Halk TV": (1_200_000, ReachKind.AUDIENCE),
    "Yeni Asır": (30_000, ReachKind.CIRCULATION),
    "Ege Telgraf": (8_000, ReachKind.CIRCULATION),
    "Olay Gazetesi": (15_000, ReachKind.CIRCULATION),
    "Kent TV": (60_000, ReachKind.AUDIENCE),
}
MEDIUM_OF: dict[str, str] = {OutletType.TV: Medium.TV, OutletType.RADIO: Medium.RADIO}


def seed_monitoring(out: Any) -> None:
    for name, kind, scope, city in OUTLETS:
        reach, reach_kind = REACH.get(name, (None, ""))
        Outlet.objects.get_or_create(
            name=name,
            defaults={
                "type": kind,
                "scope": scope,
                "city": city,
                "reach": reach,
                "reach_kind": reach_kind,
                "reach_source": "demo" if reach else "",
            },
        )
    queries = _seed_queries()
    added = _seed_news()
    out.write(
        f"Demo outlets: {Outlet.objects.count()}, watch queries: {len(queries)}, "
        f"news items added: {added} (matched, topic and tone by the real pipeline)\n"
    )


def _seed_queries() -> dict[str, WatchQuery]:
    """The municipality, its mayor, two peers and six neighbourhoods, chosen for the numbers
    page, and an alert rule for the press officers."""
    from django.conf import settings

    from iletisim.accounts.models import User
    from iletisim.accounts.roles import Role
    from iletisim.monitoring.alerts.models import AlertDelivery, AlertRule
    from iletisim.monitoring.numbers.models import NumbersQuery, NumbersRole

    own = settings.MUNICIPALITY_NAME
    wanted = [
        (own, f'"{own}" OR ("belediye başkanı" NEAR/3 "{demo_news.MAYOR}")', NumbersRole.OWN),
        (f"Başkan {demo_news.MAYOR}", f'"{demo_news.MAYOR}"', None),
        *((peer, f'"{peer}"', NumbersRole.PEER) for peer in demo_news.PEERS),
        *(
            (f"{name} Mahallesi", f'"{name}"', NumbersRole.NEIGHBOURHOOD)
            for name in demo_news.NEIGHBOURHOODS
        ),
        ("Kentsel dönüşüm", '"kentsel dönüşüm" OR (dönüşüm NEAR/5 "hak sahipleri")', None),
    ]
    queries: dict[str, WatchQuery] = {}
    for name, text, role in wanted:
        queries[name], _created = WatchQuery.objects.get_or_create(
            name=name, defaults={"text": text}
        )
        if role is not None:
            NumbersQuery.objects.get_or_create(query=queries[name], defaults={"role": role})
    press = User.objects.filter(memberships__role=Role.PRESS_OFFICER, is_active=True).distinct()
    rule, created = AlertRule.objects.get_or_create(
        query=queries[own],
        name="Olumsuz haber, büyük yayın organı",
        defaults={
            "delivery": AlertDelivery.IMMEDIATE,
            "negative_only": True,
            "min_reach": 100_000,
            "quiet_start": dt.time(23, 0),
            "quiet_end": dt.time(7, 0),
        },
    )
    if created:
        rule.recipients.set(press)
    return queries


def _seed_news() -> int:
    """File the demo stories as the ingestion pipeline does: each copy into its story, then
    every new item matched against the queries, with topic and tone (no alerts: history)."""
    from django.conf import settings
    from django.db import transaction

    from iletisim.monitoring import dedup, watch
    from iletisim.monitoring.stories import StoryIndex, attach_to_story, lock_filing

    now = timezone.now()
    outlets = {outlet.name: outlet for outlet in Outlet.objects.all()}
    filed = set(
        Item.objects.filter(url__startswith="https://demo.invalid/haber/").values_list(
            "url_hash", flat=True
        )
    )
    created: list[Item] = []
    index = StoryIndex()
    for number, (days, hours, carriers, headline, body) in enumerate(demo_news.STORIES):
        when = now - dt.timedelta(days=days, hours=hours)
        step = dt.timedelta(minutes=35)
        if days == 0:  # today's burst stays within today, whatever the hour of the seeding
            since_midnight = now - timezone.localtime(now).replace(
                hour=0, minute=0, second=0, microsecond=0
            )
            when = now - since_midnight * (hours / 6)
            step = min(step, (now - when) / len(carriers))
        fill = {"B": settings.MUNICIPALITY_NAME, "M": demo_news.MAYOR}
        title, text = headline.format(**fill), body.format(**fill)
        agency = carriers[0] if carriers[0] in demo_news.DATELINES else ""
        for copy, outlet_name in enumerate(carriers):
            outlet = outlets[outlet_name]
            url = f"https://demo.invalid/haber/{number}/{copy}"
            if url_hash(url) in filed:
                continue
            words = text
            if agency and copy == 0:
                words = f"İSTANBUL {demo_news.DATELINES[agency]} - {text}"
            elif agency:
                words = f"{text} Kaynak: {demo_news.DATELINES[agency].strip('()')}"
            moment = when + step * copy
            item = Item.objects.create(
                url=url,
                url_hash=url_hash(url),
                medium=MEDIUM_OF.get(outlet.type, Medium.ONLINE),
                outlet=outlet,
                title=title,
                text=words,
                published_at=moment,
                published_at_trusted=True,
                fetched_at=moment,
                fetch_state=FetchState.DONE,
                content_hash=dedup.content_hash(f"{title}\n{words}"),
                search_text=search_text_for(title, words),
            )
            with transaction.atomic():
                lock_filing()
                index.refresh(every=0)
                attach_to_story(item, index)
            created.append(item)
    if created:
        watch.match_items(created, alert=False)
    return len(created)
