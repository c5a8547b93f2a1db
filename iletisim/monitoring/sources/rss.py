"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.sources.base import Entry, ParseError, local, parse_date, xml_root

KIND = "rss"
LABEL = _("RSS or Atom feed")
POLLED = True


def _child_text(element: Any, *names: str) -> str:
    for child in element:
        if local(child.tag) in names and child.text:
            return str(child.text).strip()
    return ""


def _atom_link(entry: Any) -> str:
    fallback = ""
    for child in entry:
        if local(child.tag) == "link":
            rel = child.get("rel", "alternate")
            if rel == "alternate":
                return str(child.get("href", ""))
            fallback = fallback or str(child.get("href", ""))
    return fallback


def parse(body: bytes, *, base_url: str, settings: dict) -> list[Entry]:
    root = xml_root(body)
    if local(root.tag) not in {"rss", "RDF", "feed"}:
        raise ParseError(f"not a feed: the root element is <{local(root.tag)}>")
    entries = []
    for element in root.iter():
        name = local(element.tag)
        if name == "item":
            link = _child_text(element, "link")
            guid = _child_text(element, "guid")
            if not link and guid.startswith(("http://", "https://")):
                link = guid
            published = _child_text(element, "pubDate", "date")
            summary = _child_text(element, "description")
        elif name == "entry":
            link = _atom_link(element)
            guid = _child_text(element, "id")
            published = _child_text(element, "published", "updated")
            summary = _child_text(element, "summary")
        else:
            continue
        if not link:
            continue
        entries.append(
            Entry(
                url=urljoin(base_url, link),
                guid=guid[:500],
                title=_child_text(element, "title")[:500],
                published_at=parse_date(published),
                summary=summary,
            )
        )
    return entries
