"""The pre-filtered matcher gives the same answers as evaluating every query, at any size."""

from __future__ import annotations

import json
import time
from pathlib import Path

from iletisim.monitoring.matching import Document, Matcher, NaiveMatcher, matches, parse_query

CORPUS = Path(__file__).resolve().parents[1] / "data" / "ttc3600" / "train.jsonl"

QUERIES = [
    "Kadıköy",
    '"Kadıköy Belediyesi"',
    "Başkan NEAR/3 Yılmaz",
    "(İstanbul OR Ankara) AND belediye NOT spor",
    "Türkiye*",
    "ekonomi OR enflasyon",
    '"Milli Takım" NEAR/5 (galibiyet OR yenilgi)',
    "hastane AND doktor",
    "Fenerbahçe",
    "Galatasaray NOT Fenerbahçe",
    "seçim NEAR/2 sonuç",
    "kitap",
]


def test_the_prefiltered_matcher_agrees_with_the_naive_one_on_real_news():
    with CORPUS.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(200), handle, strict=False)]
    queries = {number: parse_query(source) for number, source in enumerate(QUERIES)}
    naive = NaiveMatcher(queries)
    guessing, learnt = Matcher(queries), Matcher(queries, sample=texts[150:])
    found = 0
    for text in texts[:150]:
        document = Document(text)
        expected = naive.match(document)
        assert guessing.match(document) == learnt.match(document) == expected
        found += len(expected)
    assert found > 50  # the queries do find things, so agreement means something


def test_the_matcher_returns_the_ids_of_matching_queries():
    matcher = Matcher({"mayor": parse_query("başkan"), "metro": parse_query("metro")})
    assert matcher.match("Başkanın metro açıklaması") == ["mayor", "metro"]
    assert matcher.match("Hava güzel") == []


def test_a_five_megabyte_text_is_matched_in_bounded_time():
    text = ("Kadıköy sahilinde çöpler toplandı, belediye açıklama yaptı. " * 90_000)[:5_000_000]
    started = time.monotonic()
    assert matches('"belediye açıklama" NEAR/10 Kadıköy', text)
    assert time.monotonic() - started < 30  # linear in the text; seconds, not hours
