"""The dashboard panel of monitoring: what waits on the desk."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from iletisim.monitoring.models import FetchState, Item, ItemStatus, Source
from iletisim.monitoring.queries import one_per_story


def desk_panel(request: HttpRequest) -> dict[str, Any]:
    waiting = Item.objects.filter(fetch_state=FetchState.DONE, status=ItemStatus.NEW)
    return {
        "new_count": waiting.count(),
        # the newest five stories, each once (at its newest waiting copy)
        "latest": list(
            one_per_story(waiting).select_related("outlet").order_by("-fetched_at", "-id")[:5]
        ),
        "paused": list(Source.objects.filter(paused=True).select_related("outlet")[:5]),
    }
