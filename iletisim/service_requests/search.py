"""The desk's search over citizen requests.

A query is folded by Turkish rules (`lib.turkish.fold`: "KADIKÖY", "kadıköy", "Kadikoy" are
all "kadikoy"), a suffix after an apostrophe is dropped ("Kadıköy'de", "Kadıköy’de" ->
"kadikoy"), and every remaining word must occur in the request's `search_text` (its folded
description and address) as a substring, so "çukur" also finds "çukurları". A tracking
number (`2026-000123`) finds that request alone.

On PostgreSQL a trigram GIN index on `search_text` (pg_trgm, migration 0012) serves these
`LIKE '%word%'` matches for words of three letters or more; shorter words are dropped when
a longer one is present, since they match nearly everything and no trigram can serve them.
SQLite has no such index and scans (development and tests only).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet

from iletisim.lib.turkish import fold

TRACKING_NUMBER = re.compile(r"\d{4}-\d{6}")
WORD = re.compile(r"\w+")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
MIN_INDEXED = 3  # a trigram index serves words of at least three characters
MAX_WORDS = 8


def query_words(query: str) -> list[str]:
    """The folded words a query asks for, suffixes after apostrophes dropped."""
    words: list[str] = []
    for token in fold(query).translate(APOSTROPHES).split():
        for word in WORD.findall(token.split("'")[0]):
            if word not in words:
                words.append(word)
    if any(len(word) >= MIN_INDEXED for word in words):
        words = [word for word in words if len(word) >= MIN_INDEXED]
    return words[:MAX_WORDS]


def search_requests[QS: QuerySet[Any]](requests: QS, query: str) -> QS:
    """Requests matching the desk's search box (see the module docstring)."""
    query = query.strip()
    if TRACKING_NUMBER.fullmatch(query):
        return requests.filter(tracking_number=query)
    for word in query_words(query):
        requests = requests.filter(search_text__contains=word)
    return requests
