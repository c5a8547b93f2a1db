"""Several workers at once on PostgreSQL: row locks with SKIP LOCKED share the work.

Each worker is a thread with its own database connection, committing as a real worker
does; the test's own connection (inside its usual transaction) never touches those rows,
and the rows are deleted again at the end.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from iletisim.monitoring import ingest
from iletisim.monitoring.models import FetchState, Item, Outlet
from iletisim.monitoring.tests.factories import ItemFactory, SourceFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def in_threads(function: Callable[[], Any], count: int = 1) -> list[Any]:
    results: list[Any] = []
    barrier = threading.Barrier(count)

    def run() -> None:
        barrier.wait()
        try:
            results.append(function())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_workers_claiming_at_once_never_take_the_same_source_or_item():
    def setup() -> tuple[list[int], list[int]]:
        sources = [SourceFactory(outlet__name=f"Eşzamanlı {n}").pk for n in range(12)]
        outlet = Outlet.objects.get(name="Eşzamanlı 0")
        items = [ItemFactory(outlet=outlet, fetch_state=FetchState.PENDING).pk for _ in range(40)]
        return sources, items

    def cleanup() -> None:
        Item.objects.filter(outlet__name__startswith="Eşzamanlı").delete()
        Outlet.objects.filter(name__startswith="Eşzamanlı").delete()

    ((sources, items),) = in_threads(setup)
    try:
        claimed = in_threads(lambda: ingest.claim_due_sources(limit=5), count=4)
        flat = sorted(s for batch in claimed for s in batch)
        assert flat == sorted(sources)  # every source once, none twice
        claimed = in_threads(lambda: ingest.claim_pending_items(limit=15), count=4)
        flat = sorted(i for batch in claimed for i in batch)
        assert flat == sorted(items)
    finally:
        in_threads(cleanup)


def test_two_workers_filing_two_copies_of_one_story_at_once_start_one_story():
    """Each worker has its own near-duplicate window and files at the same instant: without
    the filing lock each looks for the other's copy before it is committed and starts a
    story of its own."""
    from django.utils import timezone

    from iletisim.monitoring.extraction import Extracted
    from iletisim.monitoring.models import Story
    from iletisim.monitoring.stories import StoryIndex
    from iletisim.monitoring.tests.pages import PARAGRAPHS

    text = "\n\n".join(PARAGRAPHS)
    copies = [
        Extracted(title="Sahil düzenlemesi yaz sonunda bitiyor", text=text),
        # The agency copy on a local site: a dateline and a source line added.
        Extracted(
            title="Sahil düzenlemesi tamamlanıyor", text=f"İZMİR (AA) - {text}\n\nKaynak: AA"
        ),
    ]

    def setup() -> list[int]:
        outlets = [
            Outlet.objects.create(name=f"Eşzamanlı kopya {n}", type="news_site", scope="local",
                                  reach=1000 * (n + 1))
            for n in range(2)
        ]  # fmt: skip
        return [ItemFactory(outlet=o, fetch_state=FetchState.PENDING).pk for o in outlets]

    def cleanup() -> None:
        Story.objects.filter(items__outlet__name__startswith="Eşzamanlı kopya").delete()
        Item.objects.filter(outlet__name__startswith="Eşzamanlı kopya").delete()
        Outlet.objects.filter(name__startswith="Eşzamanlı kopya").delete()

    ((first, second),) = in_threads(setup)
    turn = iter([(first, copies[0]), (second, copies[1])])
    lock = threading.Lock()

    def worker() -> list[int]:
        with lock:
            item_id, extracted = next(turn)
        item = Item.objects.select_related("outlet").get(pk=item_id)
        ready = ingest.prepare(item, extracted, now=timezone.now())
        return [i.pk for i in ingest.file_items([ready], index=StoryIndex())]

    try:
        for _ in range(3):  # at the same instant, several times over
            filed = in_threads(worker, count=2)
            assert sorted(i for batch in filed for i in batch) == [first, second]
            ids = [first, second]
            stories = in_threads(
                lambda ids=ids: list(
                    Story.objects.filter(items__pk__in=ids)
                    .distinct()
                    .values("item_count", "outlet_count", "total_reach", "agency")
                )
            )[0]
            assert stories == [
                {"item_count": 2, "outlet_count": 2, "total_reach": 3000, "agency": "AA"}
            ]
            in_threads(cleanup)
            ((first, second),) = in_threads(setup)
            turn = iter([(first, copies[0]), (second, copies[1])])
    finally:
        in_threads(cleanup)


@pytest.mark.parametrize("limit", [1, 2])
def test_workers_never_have_more_requests_in_flight_to_one_host_than_allowed(
    http_server, settings, limit
):
    from iletisim.monitoring.fetching import Fetcher
    from iletisim.monitoring.models import HostSlot

    settings.MONITORING_HOST_CONCURRENCY = limit
    in_flight, most = [0], [0]
    counting = threading.Lock()

    def slow(request):  # a page that takes a while, long enough for the others to ask too
        with counting:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        threading.Event().wait(0.3)
        with counting:
            in_flight[0] -= 1
        return 200, {"Content-Type": "text/html"}, b"<p>yavas</p>"

    http_server.route("GET", "/yavas", handler=slow)
    http_server.route("GET", "/robots.txt", body=b"User-agent: *\nAllow: /\n")

    def worker() -> int:
        with Fetcher() as fetcher:
            return fetcher.fetch(http_server.url("/yavas")).status

    try:
        assert in_threads(worker, count=4) == [200] * 4  # every worker got its page
        assert most[0] == limit  # ...but never more than `limit` at once
    finally:
        in_threads(lambda: HostSlot.objects.all().delete())
