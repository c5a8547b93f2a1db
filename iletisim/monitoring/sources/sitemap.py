"""News sitemaps (sitemaps.org with the Google News extension)."""

from __future__ import annotations

from urllib.parse import urljoin

from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.sources.base import Entry, ParseError, local, parse_date, xml_root

KIND = "sitemap"
LABEL = _("News sitemap")
POLLED = True


def parse(body: bytes, *, base_url: str, settings: dict) -> list[Entry]:
    root = xml_root(body)
    if local(root.tag) != "urlset":
        raise ParseError(f"not a sitemap: the root element is <{local(root.tag)}>")
    entries = []
    for url in root:
        if local(url.tag) != "url":
            continue
        loc = title = published = ""
        for element in url.iter():
            name = local(element.tag)
            text = (element.text or "").strip()
            if name == "loc" and not loc:
                loc = text
            elif name == "title":
                title = text
            elif name in {"publication_date", "lastmod"} and not published:
                published = text
        if loc:
            entries.append(
                Entry(
                    url=urljoin(base_url, loc),
                    title=title[:500],
                    published_at=parse_date(published),
                )
            )
    return entries
