"""Source kinds: each reads its documents into entries, and refuses what it cannot read."""

from __future__ import annotations

import datetime as dt

import pytest

from iletisim.monitoring.sources import REGISTRY, ParseError

BASE = "https://haber.example/"


def parse(kind, body, settings=None):
    return REGISTRY[kind].parse(body, base_url=BASE, settings=settings or {})


def test_every_kind_has_the_same_shape():
    for kind, module in REGISTRY.items():
        assert kind == module.KIND
        assert str(module.LABEL)
        assert isinstance(module.POLLED, bool)
        assert callable(module.parse)


def test_an_rss_feed_gives_links_titles_and_dates():
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel>
      <item><title>Park a\xc3\xa7\xc4\xb1ld\xc4\xb1</title><link>/haber/1</link><guid>g1</guid>
      <pubDate>Wed, 25 Nov 2026 09:00:00 +0300</pubDate></item></channel></rss>"""
    (entry,) = parse("rss", body)
    assert entry.url == "https://haber.example/haber/1"
    assert entry.title == "Park açıldı"
    assert entry.published_at == dt.datetime(2026, 11, 25, 6, 0, tzinfo=dt.UTC)


def test_a_feed_declared_iso_8859_9_keeps_its_windows_punctuation():
    body = """<?xml version="1.0" encoding="ISO-8859-9"?><rss version="2.0"><channel>
      <item><title>Kadıköy’de “yeni” park</title><link>/haber/2</link></item>
      </channel></rss>""".encode("cp1254")
    (entry,) = parse("rss", body)
    assert entry.title == "Kadıköy’de “yeni” park"


def test_an_atom_feed_gives_the_alternate_link():
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Yol</title>
      <link rel="self" href="https://haber.example/self"/>
      <link rel="alternate" href="https://haber.example/yol"/><id>urn:1</id>
      <updated>2026-11-25T09:00:00Z</updated></entry></feed>"""
    (entry,) = parse("rss", body)
    assert entry.url == "https://haber.example/yol"
    assert entry.guid == "urn:1"


def test_a_feed_that_is_not_xml_is_refused():
    with pytest.raises(ParseError):
        parse("rss", b"<html><body>Bakim</body>")
    with pytest.raises(ParseError):
        parse("rss", b"<html><body>Bakim</body></html>")


def test_a_feed_with_an_entity_bomb_is_not_expanded():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">
      <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
      <rss><channel><item><title>&b;</title><link>https://x.example/1</link></item></channel></rss>"""
    entries = parse("rss", bomb)
    assert "aaaaaaaaaa" not in entries[0].title


def test_a_news_sitemap_gives_locations_titles_and_dates():
    body = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>
      <loc>https://haber.example/a</loc><news:news><news:title>Su kesintisi</news:title>
      <news:publication_date>2026-11-25T10:00:00+03:00</news:publication_date></news:news>
      </url></urlset>"""
    (entry,) = parse("sitemap", body)
    assert (entry.url, entry.title) == ("https://haber.example/a", "Su kesintisi")
    assert entry.published_at is not None


def test_an_html_listing_is_read_with_the_sources_css_selectors():
    body = """<html><body><div class="manset"><a href="/m/1"><span class="t">Manşet</span></a></div>
      <ul class="son"><li><a href="/h/1"><span class="t">Birinci</span></a></li>
      <li><a href="/h/2"><span class="t">İkinci</span></a></li>
      <li><a href="javascript:void(0)">x</a></li></ul></body></html>""".encode()
    entries = parse("html", body, {"link": "ul.son a", "title": "span.t"})
    assert [(e.url, e.title) for e in entries] == [
        ("https://haber.example/h/1", "Birinci"),
        ("https://haber.example/h/2", "İkinci"),
    ]


def test_a_bad_css_selector_is_a_parse_error_not_a_crash():
    with pytest.raises(ParseError):
        parse("html", b"<html><body></body></html>", {"link": "a[[["})


def test_manual_sources_list_nothing():
    assert parse("manual", b"anything") == []
