"""An HTML listing page (a site's "latest news"), read with CSS selectors.

Settings: {"link": "CSS selector of the article links", "title": optional CSS selector,
relative to each link, of its headline}. Without "link", every `article a[href]` is taken.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import lxml.html
from cssselect import SelectorError
from django.utils.translation import gettext_lazy as _
from lxml import etree

from iletisim.monitoring.fetching import decode
from iletisim.monitoring.sources.base import Entry, ParseError

KIND = "html"
LABEL = _("HTML listing page")
POLLED = True
DEFAULT_LINK = "article a[href]"


def parse(body: bytes, *, base_url: str, settings: dict) -> list[Entry]:
    try:
        root = lxml.html.fromstring(decode(body))
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not HTML: {exc}") from None
    try:
        links = root.cssselect(settings.get("link") or DEFAULT_LINK)
    except SelectorError as exc:
        raise ParseError(f"bad CSS selector: {exc}") from None
    entries, seen = [], set()
    for link in links:
        href = link.get("href")
        if not href:
            continue
        url = urljoin(base_url, href)
        if urlsplit(url).scheme not in {"http", "https"} or url in seen:
            continue
        seen.add(url)
        title_element = (
            link.cssselect(settings["title"])[0]
            if settings.get("title") and link.cssselect(settings["title"])
            else link
        )
        title = " ".join(title_element.text_content().split())
        entries.append(Entry(url=url, title=title[:500]))
    return entries
