"""Read-only questions other apps (press) ask monitoring, answered with plain values.

Press links its contact-book outlets to monitoring's outlets and a rebuttal (tekzip) to the
item it answers; it finds them here and never touches monitoring's models from its views.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from iletisim.lib.turkish import fold
from iletisim.monitoring import queries
from iletisim.monitoring.models import Item, Outlet


@dataclass(frozen=True)
class ItemRef:
    """One monitored item (an online article, a print clipping, a broadcast) as press sees it."""

    id: int
    title: str
    outlet_id: int
    outlet_name: str
    medium: str
    medium_label: str
    published_on: dt.date | None
    url: str
    page: str
    programme: str
    text: str


@dataclass(frozen=True)
class OutletRef:
    id: int
    name: str
    type: str
    scope: str
    city: str


def get_outlet_ref(outlet_id: int) -> OutletRef | None:
    outlet = Outlet.objects.filter(pk=outlet_id).first()
    if outlet is None:
        return None
    return OutletRef(outlet.pk, outlet.name, outlet.type, outlet.scope, outlet.city)


def _ref(item: Item) -> ItemRef:
    clipping = getattr(item, "clipping", None)
    text = item.text or (clipping.ocr_text or clipping.transcript if clipping else "")
    published = item.published_at or (clipping.air_time if clipping else None)
    return ItemRef(
        id=item.pk,
        title=item.title,
        outlet_id=item.outlet_id,
        outlet_name=item.outlet.name,
        medium=item.medium,
        medium_label=str(item.get_medium_display()),
        published_on=timezone.localdate(published) if published else None,
        url=item.url,
        page=clipping.page if clipping else "",
        programme=clipping.programme if clipping else "",
        text=text,
    )


def outlet_id_by_name(name: str) -> int | None:
    """The monitoring outlet whose name is `name` after Turkish case folding, if any."""
    wanted = " ".join(fold(name).split())
    if not wanted:
        return None
    # Names are unique and few (hundreds); an exact case-insensitive hit answers most calls.
    exact = Outlet.objects.filter(name__iexact=name.strip()).values_list("id", flat=True).first()
    if exact is not None:
        return exact
    for pk, other in Outlet.objects.order_by("id").values_list("id", "name").iterator():
        if " ".join(fold(other).split()) == wanted:
            return pk
    return None


def outlet_names(ids: list[int]) -> dict[int, str]:
    return dict(Outlet.objects.filter(pk__in=ids).values_list("id", "name"))


def find_items(query: str, *, outlet_id: int | None = None, limit: int = 20) -> list[ItemRef]:
    """The newest items matching a Turkish-aware search, optionally of one outlet."""
    items = queries.desk_items({"q": query, "outlet": outlet_id}).select_related("clipping")
    return [_ref(item) for item in items.order_by("-fetched_at", "-id")[:limit]]


def get_item_ref(item_id: int) -> ItemRef | None:
    item = Item.objects.for_desk().select_related("clipping").filter(pk=item_id).first()
    return _ref(item) if item else None
