"""Loading monitoring objects for a view: 404 when missing; permissions are the decorators'.

Desk items are not owned by a unit: everyone who may open the desk sees every item.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from iletisim.monitoring.models import FetchState, Item, QueryHit, Story


def get_item(item_id: int) -> Item:
    return get_object_or_404(Item.objects.for_desk(), pk=item_id)


def get_hit(hit_id: int) -> QueryHit:
    return get_object_or_404(QueryHit.objects.select_related("item", "query"), pk=hit_id)


def get_story(story_id: int) -> Story:
    return get_object_or_404(Story.objects.select_related("first_item__outlet"), pk=story_id)


def story_items(story: Story) -> list[Item]:
    return list(
        Item.objects.filter(story=story, fetch_state=FetchState.DONE)
        .select_related("outlet")
        .order_by("published_at", "fetched_at", "id")
    )
