"""From a feed on loopback to items with text and stories, and what goes wrong on the way."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import mail
from django.utils import timezone

from iletisim.core.models import AuditEntry
from iletisim.monitoring import ingest
from iletisim.monitoring.extraction import Extracted
from iletisim.monitoring.models import FetchState, Item, Source, Story
from iletisim.monitoring.stories import StoryIndex
from iletisim.monitoring.tests.factories import ItemFactory, OutletFactory, SourceFactory
from iletisim.monitoring.tests.pages import PARAGRAPHS, article, html_response, rss

pytestmark = pytest.mark.django_db


def run(fetcher, index=None):
    index = index or StoryIndex()
    for source_id in ingest.claim_due_sources():
        ingest.poll_source(source_id, fetcher)
    while batch := ingest.claim_pending_items():
        for item_id in batch:
            ingest.fetch_item(item_id, fetcher, index)


def serve_articles(server, entries):
    for path, title in entries:
        page = article(title)
        server.route("GET", path, handler=lambda r, page=page: html_response(page))


def test_items_flow_from_a_feed_to_the_desk_with_their_text(http_server, fetcher):
    entries = [("/haber/1", "Kadıköy sahili yenileniyor"), ("/haber/2", "Yeni park açıldı")]
    serve_articles(http_server, entries)
    http_server.route("GET", "/feed.xml", body=rss(http_server, entries))
    source = SourceFactory(url=http_server.url("/feed.xml"))
    run(fetcher)
    items = Item.objects.filter(source=source).order_by("title")
    assert [i.title for i in items] == ["Kadıköy sahili yenileniyor", "Yeni park açıldı"]
    assert all(i.fetch_state == FetchState.DONE for i in items)
    assert "bisiklet yollarının" in items[0].text
    assert "kadikoy" in items[0].search_text
    source.refresh_from_db()
    assert source.last_success_at is not None and source.consecutive_failures == 0


def test_the_same_article_in_two_outlets_becomes_one_story_with_summed_reach(http_server, fetcher):
    serve_articles(http_server, [("/a/1", "Sahil düzenlemesi yaz sonunda bitiyor")])
    copy = article(
        "Sahil düzenlemesi tamamlanıyor", ["İZMİR (AA) - " + PARAGRAPHS[0], *PARAGRAPHS[1:3]]
    )
    http_server.route("GET", "/b/1", handler=lambda r: html_response(copy))
    http_server.route("GET", "/a.xml", body=rss(http_server, [("/a/1", "Sahil")]))
    http_server.route("GET", "/b.xml", body=rss(http_server, [("/b/1", "Sahil")]))
    SourceFactory(url=http_server.url("/a.xml"), outlet=OutletFactory(reach=1000))
    SourceFactory(url=http_server.url("/b.xml"), outlet=OutletFactory(reach=500))
    run(fetcher)
    story = Story.objects.get()
    assert story.item_count == 2
    assert story.outlet_count == 2
    assert story.total_reach == 1500
    assert story.agency == "AA"


def test_unrelated_articles_stay_separate_stories(http_server, fetcher):
    serve_articles(http_server, [("/1", "Sahil")])
    other = article("Otobüs hatları", ["Ulaşım dairesi yeni otobüs hatlarını duyurdu. " * 5])
    http_server.route("GET", "/2", handler=lambda r: html_response(other))
    http_server.route("GET", "/f.xml", body=rss(http_server, [("/1", "a"), ("/2", "b")]))
    SourceFactory(url=http_server.url("/f.xml"))
    run(fetcher)
    assert Story.objects.count() == 2


def _prepared(outlet, title, text):
    item = ItemFactory(outlet=outlet, fetch_state=FetchState.PENDING, title="", text="")
    item = Item.objects.select_related("outlet").get(pk=item.pk)
    return ingest.prepare(item, Extracted(title=title, text=text), now=timezone.now())


def test_copies_filed_in_one_batch_join_the_story_the_first_of_them_started():
    text = "\n\n".join(PARAGRAPHS)
    big, small = OutletFactory(reach=1000), OutletFactory(reach=500)
    batch = [
        _prepared(big, "Sahil düzenlemesi yaz sonunda bitiyor", text),
        _prepared(big, "Sahil düzenlemesi yaz sonunda bitiyor", text),  # the same, twice
        _prepared(small, "Sahil düzenlemesi tamamlanıyor", f"İZMİR (AA) - {text}\n\nKaynak: AA"),
        _prepared(small, "Otobüs hatları", "Ulaşım dairesi yeni otobüs hatlarını duyurdu. " * 5),
    ]
    index = StoryIndex()
    assert len(ingest.file_items(batch, index=index)) == 4
    story = Story.objects.get(pk=Item.objects.get(pk=batch[0].item.pk).story_id)
    assert (story.item_count, story.outlet_count, story.total_reach) == (3, 2, 1500)
    assert story.agency == "AA"
    assert story.first_item_id == batch[0].item.pk
    assert Story.objects.count() == 2
    # A later batch adds to the stored story: one more copy, no new outlet.
    ingest.file_items([_prepared(small, "Sahil düzenlemesi", text)], index=index)
    story.refresh_from_db()
    assert (story.item_count, story.outlet_count, story.total_reach) == (4, 2, 1500)


def test_an_item_another_worker_filed_first_is_left_alone_and_the_rest_of_its_batch_filed():
    outlet = OutletFactory()
    batch = [
        _prepared(outlet, "Sahil düzenlemesi", "\n\n".join(PARAGRAPHS)),
        _prepared(outlet, "Otobüs hatları", "Ulaşım dairesi yeni otobüs hatlarını duyurdu. " * 5),
    ]
    Item.objects.filter(pk=batch[0].item.pk).update(fetch_state=FetchState.DONE)  # the twin
    filed = ingest.file_items(batch, index=StoryIndex())
    assert [item.pk for item in filed] == [batch[1].item.pk]
    assert Item.objects.get(pk=batch[0].item.pk).story_id is None
    assert Story.objects.get().item_count == 1


def test_an_unchanged_feed_is_not_parsed_twice_and_is_polled_less_often(http_server, fetcher):
    http_server.route("GET", "/feed.xml", body=rss(http_server, [("/x", "x")]))
    http_server.route("GET", "/x", handler=lambda r: html_response(article("x")))
    source = SourceFactory(url=http_server.url("/feed.xml"))
    assert ingest.poll_source(source.pk, fetcher) == 1
    source.refresh_from_db()
    busy_interval = source.interval
    assert ingest.poll_source(source.pk, fetcher) == 0
    source.refresh_from_db()
    assert source.interval > busy_interval
    assert Item.objects.count() == 1


def test_a_feed_whose_items_share_one_guid_still_lists_each_article_once(http_server, fetcher):
    entries = [("/g/1", "Bir"), ("/g/2", "İki"), ("/g/1", "Bir yine")]
    http_server.route("GET", "/feed.xml", body=rss(http_server, entries, guid="same"))
    source = SourceFactory(url=http_server.url("/feed.xml"))
    assert ingest.poll_source(source.pk, fetcher) == 2
    assert Item.objects.count() == 2


def test_a_feed_that_is_not_xml_is_logged_on_the_source_health(http_server, fetcher):
    http_server.route("GET", "/feed.xml", body=b"<html><body>Bakim calismasi</body></html>")
    source = SourceFactory(url=http_server.url("/feed.xml"))
    ingest.poll_source(source.pk, fetcher)
    source.refresh_from_db()
    assert source.consecutive_failures == 1
    assert "not" in source.last_error
    assert source.next_poll_at > timezone.now()


def test_a_throttled_source_waits_as_long_as_the_server_asks(http_server, fetcher):
    http_server.route("GET", "/feed.xml", status=429, headers={"Retry-After": "600"})
    source = SourceFactory(url=http_server.url("/feed.xml"))
    before = timezone.now()
    ingest.poll_source(source.pk, fetcher)
    source.refresh_from_db()
    assert source.next_poll_at >= before + dt.timedelta(seconds=600)
    assert "429" in source.last_error


def test_a_source_failing_again_and_again_is_paused_and_the_press_officer_told(
    http_server, fetcher, settings, make_user, django_capture_on_commit_callbacks
):
    settings.MONITORING_PAUSE_AFTER_FAILURES = 3
    officer = make_user("press_officer")
    http_server.route("GET", "/feed.xml", status=500)
    source = SourceFactory(url=http_server.url("/feed.xml"))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            ingest.poll_source(source.pk, fetcher)
    source.refresh_from_db()
    assert source.paused
    assert AuditEntry.objects.filter(action="monitoring.source.paused").exists()
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert source.pk not in ingest.claim_due_sources(now=timezone.now() + dt.timedelta(days=2))


def test_two_workers_never_claim_the_same_source(http_server):
    source = SourceFactory(url=http_server.url("/feed.xml"))
    assert ingest.claim_due_sources() == [source.pk]
    assert ingest.claim_due_sources() == []


def test_an_item_whose_worker_died_is_fetched_again_once_and_counted_once(http_server, fetcher):
    serve_articles(http_server, [("/d/1", "Ölen işçi")])
    http_server.route("GET", "/feed.xml", body=rss(http_server, [("/d/1", "x")]))
    source = SourceFactory(url=http_server.url("/feed.xml"))
    ingest.poll_source(source.pk, fetcher)
    now = timezone.now()
    claimed = ingest.claim_pending_items(now=now)  # this worker dies here
    assert ingest.claim_pending_items(now=now) == []  # still leased: nobody else takes it
    later = now + ingest.ITEM_LEASE + dt.timedelta(seconds=1)
    assert ingest.claim_pending_items(now=later) == claimed
    index = StoryIndex()
    assert ingest.fetch_item(claimed[0], fetcher, index)
    assert not ingest.fetch_item(claimed[0], fetcher, index)  # the dead one wakes up: no-op
    assert Item.objects.count() == 1
    assert Story.objects.get().item_count == 1


def test_an_article_that_cannot_be_fetched_is_retried_then_given_up(http_server, fetcher):
    http_server.route("GET", "/feed.xml", body=rss(http_server, [("/gone", "x")]))
    source = SourceFactory(url=http_server.url("/feed.xml"))
    ingest.poll_source(source.pk, fetcher)
    now = timezone.now()
    for attempt in range(ingest.ITEM_MAX_ATTEMPTS):
        (item_id,) = ingest.claim_pending_items(now=now + dt.timedelta(hours=attempt))
        ingest.fetch_item(item_id, fetcher, StoryIndex())
    assert Item.objects.get().fetch_state == FetchState.FAILED


def test_manual_sources_are_never_polled():
    SourceFactory(kind="manual", url="")
    assert ingest.claim_due_sources() == []


def test_sources_are_polled_again_after_their_interval(http_server, fetcher):
    http_server.route("GET", "/feed.xml", body=rss(http_server, []))
    source = SourceFactory(url=http_server.url("/feed.xml"))
    ingest.poll_source(source.pk, fetcher)
    source.refresh_from_db()
    assert ingest.claim_due_sources() == []
    assert ingest.claim_due_sources(now=source.next_poll_at) == [source.pk]
    assert Source.objects.get(pk=source.pk).claimed_until is not None


def test_a_page_that_breaks_the_extractor_is_retried_then_given_up(
    http_server, fetcher, monkeypatch
):
    def broken(html, url):
        raise ValueError("unexpected markup")

    monkeypatch.setattr(ingest, "extract", broken)
    serve_articles(http_server, [("/bad", "Bozuk")])
    http_server.route("GET", "/feed.xml", body=rss(http_server, [("/bad", "x")]))
    source = SourceFactory(url=http_server.url("/feed.xml"))
    ingest.poll_source(source.pk, fetcher)
    now = timezone.now()
    for attempt in range(ingest.ITEM_MAX_ATTEMPTS):
        (item_id,) = ingest.claim_pending_items(now=now + dt.timedelta(hours=attempt))
        assert not ingest.fetch_item(item_id, fetcher, StoryIndex())
    assert Item.objects.get().fetch_state == FetchState.FAILED


def _fault_routes(server, fault):
    """Each fault of the issue's list, served for the feed of one source."""
    if fault == "not_xml":
        server.route("GET", "/feed.xml", body=b"<html><body>Bakim calismasi</body></html>")
    elif fault == "fifty_megabytes":
        server.route("GET", "/feed.xml", body=b"<rss>" + b"a" * 50_000_000)
    elif fault == "endless_redirects":
        server.route("GET", "/feed.xml", status=302, headers={"Location": "/feed.xml"})
    elif fault == "slow":

        def slow(request):
            time.sleep(3)
            return 200, {"Content-Type": "application/rss+xml"}, b"<rss/>"

        server.route("GET", "/feed.xml", handler=slow)
    elif fault == "unavailable":
        server.route("GET", "/feed.xml", status=503, headers={"Retry-After": "120"})


@pytest.mark.parametrize(
    ("fault", "error"),
    [("not_xml", "not a feed"), ("fifty_megabytes", "over"), ("endless_redirects", "redirects"),
     ("slow", "timed out"), ("unavailable", "HTTP 503")],
)  # fmt: skip
def test_a_broken_source_is_logged_on_its_health_and_the_round_goes_on(
    http_server, fetcher, settings, fault, error
):
    """A round over a broken source and a good one: the good one's articles still arrive."""
    settings.MONITORING_TIMEOUT = 1
    _fault_routes(http_server, fault)
    serve_articles(http_server, [("/haber/1", "Kadıköy sahili yenileniyor")])
    http_server.route("GET", "/good.xml", body=rss(http_server, [("/haber/1", "Sahil")]))
    broken = SourceFactory(url=http_server.url("/feed.xml"))
    good = SourceFactory(url=http_server.url("/good.xml"))
    run(fetcher)
    broken.refresh_from_db()
    assert broken.consecutive_failures == 1 and error in broken.last_error
    assert broken.last_error_at is not None and broken.next_poll_at > timezone.now()
    assert Item.objects.get(source=good).fetch_state == FetchState.DONE


def test_a_feed_and_page_in_windows_1254_arrive_with_their_turkish_letters(http_server, fetcher):
    page = article("Çöp toplama saatleri değişti", charset="windows-1254")
    http_server.route(
        "GET", "/haber/1", handler=lambda r: html_response(page, charset="windows-1254")
    )
    feed = rss(http_server, [("/haber/1", "Çöp toplama")]).decode()
    http_server.route(
        "GET", "/feed.xml",
        body=feed.replace("utf-8", "windows-1254").encode("cp1254"),
        headers={"Content-Type": "application/rss+xml; charset=windows-1254"},
    )  # fmt: skip
    SourceFactory(url=http_server.url("/feed.xml"))
    run(fetcher)
    item = Item.objects.get()
    assert item.title == "Çöp toplama saatleri değişti"
    assert "bisiklet yollarının" in item.text
