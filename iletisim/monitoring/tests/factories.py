"""Factories for outlets, sources and items."""

from __future__ import annotations

import factory
from django.utils import timezone

from iletisim.monitoring.models import (
    FetchState,
    Item,
    Medium,
    Outlet,
    OutletType,
    Scope,
    Source,
    search_text_for,
    url_hash,
)


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Yerel Gazete {n}")
    type = OutletType.LOCAL_NEWSPAPER
    scope = Scope.LOCAL
    city = "İzmir"
    reach = 10_000


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    outlet = factory.SubFactory(OutletFactory)
    kind = "rss"
    url = "http://127.0.0.1:9/feed.xml"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    outlet = factory.SubFactory(OutletFactory)
    medium = Medium.ONLINE
    url = factory.Sequence(lambda n: f"https://haber.example/{n}")
    url_hash = factory.LazyAttribute(lambda o: url_hash(o.url))
    title = factory.Sequence(lambda n: f"Belediye haberi {n}")
    text = "Belediye meclisi bugün toplandı."
    fetch_state = FetchState.DONE
    fetched_at = factory.LazyFunction(timezone.now)
    search_text = factory.LazyAttribute(lambda o: search_text_for(o.title, o.text))
