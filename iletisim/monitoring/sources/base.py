"""What every source kind returns: entries (links to articles) found in a fetched document."""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass

from lxml import etree


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
    """Parse XML safely: no entities resolved, no network, no huge trees."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=False
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
