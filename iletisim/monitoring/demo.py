"""Demo data: well-known Turkish outlets (names and types only, nothing is fetched) and a
few items and a story on the desk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from iletisim.monitoring.models import (
    FetchState,
    Item,
    Medium,
    Outlet,
    OutletType,
    Scope,
    Story,
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

ITEMS = [
    (
        "Anadolu Ajansı",
        "Belediyeden Kadıköy'de yeni park müjdesi",
        "İSTANBUL (AA) - Belediye, Kadıköy'de 12 dönümlük alanda yeni bir park yapılacağını açıkladı. "
        "Parkın yaz sonunda hizmete girmesi bekleniyor.",
    ),
    (
        "Ege Telgraf",
        "Kadıköy'e yeni park geliyor",
        "İZMİR (AA) - Belediye, Kadıköy'de 12 dönümlük alanda yeni bir park yapılacağını açıkladı. "
        "Parkın yaz sonunda hizmete girmesi bekleniyor. Kaynak: AA",
    ),
    (
        "Sözcü",
        "Otobüs seferlerinde aksama",
        "Sabah saatlerinde yaşanan arıza nedeniyle bazı otobüs seferlerinde gecikmeler oldu.",
    ),
]


def seed_monitoring(out: Any) -> None:
    for name, kind, scope, city in OUTLETS:
        Outlet.objects.get_or_create(
            name=name, defaults={"type": kind, "scope": scope, "city": city}
        )
    now = timezone.now()
    story = None
    for position, (outlet_name, title, text) in enumerate(ITEMS):
        outlet = Outlet.objects.get(name=outlet_name)
        url = f"https://demo.invalid/{outlet.pk}/{position}"
        item, _created = Item.objects.get_or_create(
            url_hash=url_hash(url),
            defaults={
                "url": url,
                "medium": Medium.ONLINE,
                "outlet": outlet,
                "title": title,
                "text": text,
                "fetched_at": now - dt.timedelta(hours=3 - position),
                "published_at": now - dt.timedelta(hours=3 - position),
                "published_at_trusted": True,
                "fetch_state": FetchState.DONE,
                "search_text": search_text_for(title, text),
            },
        )
        if position < 2:
            if story is None:
                story = item.story or Story.objects.create(
                    title=title, first_item=item, agency="AA"
                )
            if item.story_id != story.pk:
                item.story = story
                item.save(update_fields=["story"])
    if story is not None:
        from iletisim.monitoring.stories import recount

        recount(story)
    out.write(f"Demo outlets: {Outlet.objects.count()}, items: {Item.objects.count()}\n")
