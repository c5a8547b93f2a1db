"""Canonical addresses, date sanity, extraction and near-duplicates."""

from __future__ import annotations

import datetime as dt

from iletisim.monitoring import dedup
from iletisim.monitoring.canonical import canonical_url
from iletisim.monitoring.dates import choose_published_at
from iletisim.monitoring.evals.build_dedup import combined, lead_only
from iletisim.monitoring.extraction import extract
from iletisim.monitoring.stories import detect_agency
from iletisim.monitoring.tests.pages import PARAGRAPHS, article

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
ARTICLE = " ".join(PARAGRAPHS * 3)


def test_tracking_parameters_amp_and_mobile_hosts_are_removed():
    assert (
        canonical_url("https://m.haber.example/amp/gundem/park-1?utm_source=tw&id=7&fbclid=x#yorum")
        == "https://haber.example/gundem/park-1?id=7"
    )
    assert canonical_url("HTTPS://Haber.Example:443/a/") == "https://haber.example/a"
    assert canonical_url("https://haber.example/a.amp") == "https://haber.example/a"


def test_a_plausible_date_is_trusted():
    assert choose_published_at([NOW - dt.timedelta(hours=3)], NOW) == (
        NOW - dt.timedelta(hours=3),
        True,
    )


def test_a_date_in_the_future_is_never_trusted():
    assert choose_published_at([NOW + dt.timedelta(days=2)], NOW) == (NOW, False)


def test_an_old_date_needs_a_second_source_to_be_trusted():
    old = NOW - dt.timedelta(days=800)
    assert choose_published_at([old], NOW) == (NOW, False)
    assert choose_published_at([old, old + dt.timedelta(hours=2)], NOW) == (old, True)


def test_extraction_keeps_the_article_and_drops_the_furniture():
    result = extract(article("Kadıköy sahili"), "https://haber.example/1")
    assert result.title == "Kadıköy sahili"
    assert "bisiklet yollarının" in result.text
    assert "Tüm hakları saklıdır" not in result.text


def test_extraction_falls_back_when_the_first_pass_finds_too_little():
    html = "<html><body><div>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></body></html>"
    assert "bisiklet yollarının" in extract(html).text


def test_extraction_of_garbage_or_nothing_is_not_an_error():
    assert extract("\x00\x01", "").text == ""
    assert extract("", "").text == ""


def test_syndicated_copies_are_near_duplicates_and_other_news_is_not():
    import random

    rng = random.Random(1)
    assert dedup.is_near_duplicate(ARTICLE, combined(ARTICLE, rng))
    assert dedup.is_near_duplicate(ARTICLE, lead_only(ARTICLE, rng))
    other = "Ulaşım dairesi yeni otobüs hatlarını ve sefer saatlerini duyurdu. " * 6
    assert not dedup.is_near_duplicate(ARTICLE, other)


def test_the_near_duplicate_window_forgets_old_items():
    index = dedup.NearDuplicateIndex(window=dt.timedelta(days=1))
    index.add(1, dedup.signature(ARTICLE), NOW - dt.timedelta(days=3))
    index.add(2, dedup.signature("Başka bir haber metni burada yer alıyor " * 5), NOW)
    assert len(index) == 1
    assert index.find(dedup.signature(ARTICLE)) is None


def test_signatures_survive_a_round_trip_through_the_database_format():
    minhash = dedup.signature(ARTICLE)
    assert dedup.from_hashvalues(dedup.to_hashvalues(minhash)).jaccard(minhash) == 1.0


def test_agency_bylines_are_recognised():
    assert detect_agency("İZMİR (DHA) - Belediye ...") == "DHA"
    assert detect_agency("Metin.\n\nKaynak: İHA") == "IHA"
    assert detect_agency("Belediye açıkladı.") == ""
