"""Fetching against a real loopback server: politeness, limits, encodings and faults."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from iletisim.monitoring.fetching import (
    Blocked,
    Fetcher,
    FetchError,
    Throttled,
    TooLarge,
    decode,
    retry_after,
)
from iletisim.monitoring.tests.pages import article, html_response

pytestmark = pytest.mark.django_db


def test_it_sends_the_etag_and_last_modified_it_was_given(http_server, fetcher):
    http_server.route("GET", "/feed.xml", status=304, body=b"")
    result = fetcher.fetch(
        http_server.url("/feed.xml"), etag='"v1"', last_modified="Wed, 25 Nov 2026 09:00:00 GMT"
    )
    assert result.not_modified
    sent = next(r for r in http_server.requests if r.path == "/feed.xml")
    assert sent.headers["if-none-match"] == '"v1"'
    assert sent.headers["if-modified-since"] == "Wed, 25 Nov 2026 09:00:00 GMT"


def test_it_refuses_what_robots_txt_disallows(http_server, fetcher):
    http_server.route("GET", "/robots.txt", body=b"User-agent: *\nDisallow: /private/\n")
    http_server.route("GET", "/private/page", body=b"secret")
    with pytest.raises(Blocked):
        fetcher.fetch(http_server.url("/private/page"))
    assert not [r for r in http_server.requests if r.path == "/private/page"]


def test_a_fifty_megabyte_page_is_refused_without_being_read(http_server, fetcher):
    big = b"<html><body>" + b"a" * 50_000_000 + b"</body></html>"
    http_server.route("GET", "/big.html", body=big, headers={"Content-Type": "text/html"})
    with pytest.raises(TooLarge):
        fetcher.fetch(http_server.url("/big.html"))


def test_endless_redirects_stop_at_the_cap(http_server, fetcher):
    http_server.route("GET", "/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="redirects"):
        fetcher.fetch(http_server.url("/loop"))
    assert len([r for r in http_server.requests if r.path == "/loop"]) <= 6


def test_a_slow_server_times_out_instead_of_holding_the_worker(http_server, settings):
    settings.MONITORING_TIMEOUT = 1

    def slow(request):
        time.sleep(2.5)
        return 200, {"Content-Type": "text/html"}, b"late"

    http_server.route("GET", "/slow", handler=slow)
    started = time.monotonic()
    with Fetcher() as fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.fetch(http_server.url("/slow"))
    assert time.monotonic() - started < 2.4


@pytest.mark.parametrize("status", [429, 503])
def test_throttling_answers_carry_the_servers_retry_after(http_server, fetcher, status):
    http_server.route("GET", "/busy", status=status, headers={"Retry-After": "120"})
    with pytest.raises(Throttled) as caught:
        fetcher.fetch(http_server.url("/busy"))
    assert caught.value.retry_after == dt.timedelta(seconds=120)


def test_retry_after_may_be_an_http_date_and_is_capped():
    now = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
    assert retry_after("Thu, 26 Nov 2026 12:05:00 GMT", now) == dt.timedelta(minutes=5)
    assert retry_after("999999", now) == dt.timedelta(hours=6)
    assert retry_after(None, now) == dt.timedelta(minutes=1)


@pytest.mark.parametrize("charset", ["windows-1254", "iso-8859-9"])
def test_turkish_legacy_encodings_are_decoded_from_the_header(http_server, fetcher, charset):
    page = article("Şişli'de çöp toplama saatleri değişti", charset=charset)
    http_server.route("GET", "/eski", handler=lambda r: html_response(page, charset))
    assert "Şişli'de çöp toplama" in fetcher.fetch(http_server.url("/eski")).text()


@pytest.mark.parametrize("where", ["header", "meta"])
def test_windows_punctuation_on_a_page_declared_iso_8859_9_is_read_as_browsers_read_it(
    http_server, fetcher, where
):
    """Such a page writes ’ “ ” – with windows-1254 bytes; read as ISO 8859-9 they would be
    invisible control characters and `Kadıköy’de` would lose its apostrophe."""
    page = article("Kadıköy’de “yeni” park – açıldı", charset="iso-8859-9")
    headers = {"Content-Type": "text/html" + ("; charset=ISO-8859-9" if where == "header" else "")}
    http_server.route("GET", "/iso", body=page.encode("cp1254"), headers=headers)
    text = fetcher.fetch(http_server.url("/iso")).text()
    assert "Kadıköy’de “yeni” park – açıldı" in text
    assert not any("\x80" <= character <= "\x9f" for character in text)


def test_a_byte_windows_1254_lacks_falls_back_to_the_declared_iso_table():
    body = "Şişli'de ".encode("cp1254") + b"\x81"  # 0x81: unassigned in windows-1254
    assert decode(body, "iso-8859-9") == "Şişli'de \x81"


def test_a_legacy_page_declaring_its_charset_only_in_meta_is_decoded(http_server, fetcher):
    page = article("Ğ ı ş İ ç ö ü: Üsküdar'da yol çalışması", charset="windows-1254")
    http_server.route(
        "GET", "/meta", body=page.encode("cp1254"), headers={"Content-Type": "text/html"}
    )
    assert "Üsküdar'da yol çalışması" in fetcher.fetch(http_server.url("/meta")).text()


def test_undeclared_legacy_bytes_are_still_decoded():
    assert "çalışma" in decode("Yol çalışması başladı, ağaçlar dikildi.".encode("cp1254"))


def test_requests_to_one_host_are_paced_across_workers(http_server, settings):
    settings.MONITORING_HOST_DELAY = 1
    http_server.route("GET", "/a", body=b"a")
    with Fetcher() as first, Fetcher() as second:
        first.fetch(http_server.url("/a"))
        started = time.monotonic()
        second.fetch(http_server.url("/a"))  # another worker: must wait for the host's slot
        assert time.monotonic() - started >= 0.8


def test_a_refused_connection_is_a_fetch_error_not_a_crash(fetcher):
    with pytest.raises(FetchError):
        fetcher.fetch("http://127.0.0.1:9/feed.xml")
    assert timezone.now()


def test_a_slow_loris_server_trickling_bytes_is_cut_off_at_the_deadline(settings):
    import socket
    import threading

    settings.MONITORING_TIMEOUT = 2
    settings.MONITORING_DEADLINE = 2
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    stop = threading.Event()

    def serve(connection):
        with connection:
            connection.recv(4096)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            while not stop.is_set():
                try:
                    connection.sendall(b"a")  # one byte, well inside the read timeout
                except OSError:
                    break
                time.sleep(0.2)

    def trickle():
        listener.settimeout(0.5)
        while not stop.is_set():
            try:
                connection, _address = listener.accept()
            except OSError:
                continue
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/page"
    started = time.monotonic()
    try:
        with Fetcher() as fetcher, pytest.raises(FetchError, match="took over"):
            fetcher.fetch(url)
    finally:
        stop.set()
        listener.close()
    # robots.txt trickles too (and is given up on), then the page: two deadlines at most.
    assert time.monotonic() - started < 12


def test_a_worker_keeps_its_slot_on_a_host_through_a_batch_and_frees_it_after(
    http_server, settings
):
    from iletisim.monitoring.models import HostSlot

    settings.MONITORING_HOST_CONCURRENCY = 1
    http_server.route("GET", "/a", body=b"a")
    http_server.route("GET", "/b", body=b"b")
    host = http_server.url("/").split("/")[2]
    with Fetcher() as fetcher:
        fetcher.fetch(http_server.url("/a"))  # outside a batch: freed after each request
        assert HostSlot.objects.get(host=host).held_until <= timezone.now()
        with fetcher.keeping_slots():
            fetcher.fetch(http_server.url("/a"))
            fetcher.fetch(http_server.url("/b"))
            # still held between the pages of the batch: other workers wait for it
            assert HostSlot.objects.get(host=host).held_until > timezone.now()
        assert HostSlot.objects.get(host=host).held_until <= timezone.now()
    assert [r.path for r in http_server.requests if r.path != "/robots.txt"] == ["/a", "/a", "/b"]
