"""Watch queries: the query language, Turkish-aware matching, highlights, matching at scale.

    query = parse_query('"Kadıköy Belediyesi" OR (başkan NEAR/3 Kadıköy) NOT spor')
    matches(query, "Kadıköy Belediyesi'nden açıklama")      # True
    highlights(query, text)                                  # [(start, end), ...]
    Matcher({query_id: query, ...}).match(text)              # ids of matching queries

See docs/monitoring-intelligence.md for the language and the suffix grammar.
"""

from __future__ import annotations

from iletisim.monitoring.matching.evaluate import Evaluation
from iletisim.monitoring.matching.evaluate import highlights as _highlights
from iletisim.monitoring.matching.evaluate import matches as _matches
from iletisim.monitoring.matching.matcher import Matcher, NaiveMatcher
from iletisim.monitoring.matching.parser import (
    Query,
    QueryError,
    QuerySyntaxError,
    QueryTooBroad,
    parse_query,
)
from iletisim.monitoring.matching.text import Document

__all__ = [
    "Document",
    "Evaluation",
    "Matcher",
    "NaiveMatcher",
    "Query",
    "QueryError",
    "QuerySyntaxError",
    "QueryTooBroad",
    "highlights",
    "matches",
    "parse_query",
]


def _document(text: str | Document) -> Document:
    return text if isinstance(text, Document) else Document(text)


def matches(query: str | Query, text: str | Document) -> bool:
    """Whether a query (source or parsed) matches a text."""
    parsed = parse_query(query) if isinstance(query, str) else query
    return _matches(parsed, _document(text))


def highlights(query: str | Query, text: str | Document) -> list[tuple[int, int]]:
    """Character spans to highlight in the NFC-normalised text; empty when it does not match."""
    parsed = parse_query(query) if isinstance(query, str) else query
    return _highlights(parsed, _document(text))
