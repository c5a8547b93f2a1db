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
