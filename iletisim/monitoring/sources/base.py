"""What every source kind returns: entries (links to articles) found in a fetched document."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

from lxml import etree

from iletisim.lib.turkish import as_browsers_read
from iletisim.monitoring.fetching import decode

_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding=["']([A-Za-z0-9_.:-]+)["']""")


class ParseError(Exception):
    """The fetched document is not what the source kind expects (not XML, no items...)."""


@dataclass(frozen=True)
class Entry:
    url: str
    guid: str = ""
    title: str = ""
    published_at: dt.datetime | None = None
    summary: str = ""


def xml_root(body: bytes) -> etree._Element:
    """Parse XML safely: no entities resolved, no network, no huge trees. A feed declaring
    ISO 8859-9 (or 8859-1) is read as its Windows code page, as a page is (`decode`)."""
    encoding = None
    declared = _XML_ENCODING.match(body)
    label = declared.group(1).decode("ascii") if declared else ""
    if as_browsers_read(label):
        body, encoding = decode(body, label).encode(), "utf-8"
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=False, encoding=encoding
    )
    try:
        root = etree.fromstring(body.lstrip(), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"not XML: {exc}") from None
    if root is None:
        raise ParseError("empty document")
    return root


def local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse_date(value: str | None) -> dt.datetime | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) date, always timezone-aware."""
    if not value:
        return None
    value = value.strip()
    parsed: dt.datetime | None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed
