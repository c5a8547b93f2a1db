"""Manual entry: clippings typed or uploaded by staff; nothing is polled."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.sources.base import Entry

KIND = "manual"
LABEL = _("Manual entry")
POLLED = False


def parse(body: bytes, *, base_url: str, settings: dict) -> list[Entry]:
    return []
