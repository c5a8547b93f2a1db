"""Several workers at once on PostgreSQL: row locks with SKIP LOCKED share the work."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from iletisim.monitoring import ingest
from iletisim.monitoring.models import FetchState
from iletisim.monitoring.tests.factories import ItemFactory, SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def in_threads(function, count=4):
    results: list[list[int]] = []
    barrier = threading.Barrier(count)

    def run():
        from django.db import connections

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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_workers_claiming_at_once_never_take_the_same_source_or_item():
    sources = [SourceFactory().pk for _ in range(12)]
    items = [ItemFactory(fetch_state=FetchState.PENDING).pk for _ in range(40)]
    claimed_sources = in_threads(lambda: ingest.claim_due_sources(limit=5))
    flat = [s for batch in claimed_sources for s in batch]
    assert len(flat) == len(set(flat)) == len(sources)
    claimed_items = in_threads(lambda: ingest.claim_pending_items(limit=15))
    flat = [i for batch in claimed_items for i in batch]
    assert len(flat) == len(set(flat)) == len(items)
