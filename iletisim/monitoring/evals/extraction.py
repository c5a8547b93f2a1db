"""Extraction evaluation: lines {"url", "html", "expected_text"} -> {"text"}; metric f1.

F1 is bag-of-words: precision and recall of the extracted words (lower-cased, as a
multiset) against the expected text's, averaged over pages.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from iletisim.monitoring.extraction import extract

_WORD = re.compile(r"\w+")


def predict(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"text": extract(r.get("html") or "", r.get("url") or "").text} for r in records]


def bag_of_words_f1(predicted: str, expected: str) -> float:
    got = Counter(_WORD.findall(predicted.lower()))
    want = Counter(_WORD.findall(expected.lower()))
    if not got and not want:
        return 1.0
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def score(records: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> tuple[str, float]:
    if not records:
        return "f1", 0.0
    total = sum(
        bag_of_words_f1(p.get("text") or "", r.get("expected_text") or "")
        for r, p in zip(records, predictions, strict=True)
    )
    return "f1", total / len(records)
