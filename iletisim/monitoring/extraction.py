"""Article extraction: trafilatura first, a fallback when it returns too little.

`extract(html, url)` gives title, body text, author, date, image and language. trafilatura
is run without comments and tables (readers' comments and sidebars cost precision on news
pages); when its text is short the page is retried with trafilatura's recall mode, and then
with a plain paragraph-density extractor, and the longest plausible text wins.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

MIN_TEXT = 250  # characters; below this the first pass is considered to have missed
_BLOCK_TAGS = ("p", "h2", "h3", "li", "blockquote")
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "figure")


@dataclass
class Extracted:
    title: str = ""
    text: str = ""
    author: str = ""
    published_at: dt.datetime | None = None
    image: str = ""
    language: str = ""


def _parse_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def _trafilatura(html: str, url: str, *, recall: bool = False) -> Extracted:
    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        include_comments=False,
        include_tables=False,
        favor_recall=recall,
        with_metadata=True,
    )
    if document is None:
        return Extracted()
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return Extracted(
        title=(data.get("title") or "").strip(),
        text=(data.get("text") or "").strip(),
        author=(data.get("author") or "").strip(),
        published_at=_parse_date(data.get("date")),
        image=(data.get("image") or "").strip(),
        language=(data.get("language") or "").strip(),
    )


def paragraph_density(html: str) -> str:
    """The fallback: the element whose direct paragraphs hold the most text, as plain text."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    best, best_score = None, 0
    for parent in root.iter("div", "article", "section", "main", "td"):
        score = sum(
            len(child.text_content().strip())
            for child in parent
            if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS
        )
        if score > best_score:
            best, best_score = parent, score
    if best is None:
        return ""
    blocks = []
    for child in best:
        if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS:
            text = re.sub(r"\s+", " ", child.text_content()).strip()
            if text:
                blocks.append(text)
    return "\n\n".join(blocks)


def _title_fallback(html: str) -> str:
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    return re.sub(r"\s+", " ", match.group(1)).strip() if match else ""


def extract(html: str, url: str = "") -> Extracted:
    result = _trafilatura(html, url)
    if len(result.text) < MIN_TEXT:
        again = _trafilatura(html, url, recall=True)
        if len(again.text) > len(result.text):
            result.text = again.text
        if len(result.text) < MIN_TEXT:
            fallback = paragraph_density(html)
            if len(fallback) > len(result.text):
                result.text = fallback
    if not result.title:
        result.title = _title_fallback(html)
    return result
