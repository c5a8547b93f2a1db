"""Source kinds: one module per kind, all of the same shape, listed in REGISTRY.

Each module has:

    KIND: str                      # the value stored in Source.kind
    LABEL: str                     # shown to staff
    POLLED: bool                   # whether workers fetch it on a schedule
    def parse(body: bytes, *, base_url: str, settings: dict) -> list[Entry]
                                   # the articles a fetched document lists; raises
                                   # ParseError when the document is not what the kind expects

Adding a kind = copying one module and listing it here.
"""

from __future__ import annotations

from types import ModuleType

from iletisim.monitoring.sources import html_listing, manual, rss, sitemap
from iletisim.monitoring.sources.base import Entry, ParseError

REGISTRY: dict[str, ModuleType] = {
    rss.KIND: rss,
    sitemap.KIND: sitemap,
    html_listing.KIND: html_listing,
    manual.KIND: manual,
}


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, str(module.LABEL)) for kind, module in REGISTRY.items()]


__all__ = ["REGISTRY", "Entry", "ParseError", "kind_choices"]
