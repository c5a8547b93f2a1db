"""Background tasks of monitoring; each takes ids (or nothing), calls the pipeline, is safe twice.

Each worker process keeps one `Fetcher` (connections, robots.txt) and one `StoryIndex`
(the near-duplicate window), created on first use.
"""

from __future__ import annotations

import shutil
import subprocess

from django.db import transaction
from django.tasks import task

from iletisim.monitoring import ingest
from iletisim.monitoring.fetching import Fetcher
from iletisim.monitoring.models import Clipping, Item, OcrState, search_text_for
from iletisim.monitoring.stories import StoryIndex, attach_to_story

_fetcher: Fetcher | None = None
_index: StoryIndex | None = None


def worker_fetcher() -> Fetcher:
    global _fetcher
    if _fetcher is None:
        _fetcher = Fetcher()
    return _fetcher


def worker_index() -> StoryIndex:
    global _index
    if _index is None:
        _index = StoryIndex()
    return _index


def run_round(*, sources: int = 10, items: int = 10) -> dict[str, int]:
    """Poll every due source (`sources` claimed at a time, so other workers take the rest),
    then fetch pending items until none is left to claim."""
    polled = new = fetched = 0
    fetcher = worker_fetcher()
    while claimed := ingest.claim_due_sources(sources):
        for source_id in claimed:
            found = ingest.poll_source(source_id, fetcher)
            if found:
                # Fan out: idle workers fetch this source's articles while this one polls on.
                fetch_pending_items.enqueue()
            new += found
            polled += 1
    while batch := ingest.claim_pending_items(items):
        for item_id in batch:
            fetched += ingest.fetch_item(item_id, fetcher, worker_index())
    return {"sources": polled, "new": new, "fetched": fetched}


@task()
def poll_due_sources() -> dict[str, int]:
    return run_round()


@task()
def fetch_pending_items() -> int:
    fetched = 0
    while batch := ingest.claim_pending_items(10):
        for item_id in batch:
            fetched += ingest.fetch_item(item_id, worker_fetcher(), worker_index())
    return fetched


@task()
def file_clipping(item_id: int) -> None:
    """Put a manual clipping into its story (a print copy of an agency story, say)."""
    item = Item.objects.select_related("outlet").get(pk=item_id)
    if item.story_id is None:
        index = worker_index()
        index.refresh()
        with transaction.atomic():
            attach_to_story(item, index)
    from iletisim.monitoring import watch

    watch.match_item(item)  # typed-in print and broadcast clippings are matched too


@task()
def ocr_clipping(clipping_id: int) -> str:
    """Read a print scan with Tesseract's Turkish model, when the machine has it."""
    clipping = Clipping.objects.select_related("item").get(pk=clipping_id)
    if clipping.ocr_state == OcrState.DONE or not clipping.scan:
        return str(clipping.ocr_state)
    binary = shutil.which("tesseract")
    if binary is None:
        Clipping.objects.filter(pk=clipping.pk).update(ocr_state=OcrState.UNAVAILABLE)
        return OcrState.UNAVAILABLE
    try:
        completed = subprocess.run(  # noqa: S603
            [binary, clipping.scan.path, "stdout", "-l", "tur"],
            capture_output=True,
            timeout=300,
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        Clipping.objects.filter(pk=clipping.pk).update(ocr_state=OcrState.FAILED)
        return OcrState.FAILED
    text = completed.stdout.decode("utf-8", errors="replace").strip()
    with transaction.atomic():
        Clipping.objects.filter(pk=clipping.pk).update(ocr_text=text, ocr_state=OcrState.DONE)
        item = clipping.item
        if not item.text:
            item.text = text
        item.search_text = search_text_for(item.title, item.text, text)
        item.save(update_fields=["text", "search_text"])
    from iletisim.monitoring import watch

    watch.match_item(Item.objects.select_related("outlet", "clipping").get(pk=item.pk))
    return OcrState.DONE


@task()
def backfill_query(query_id: int) -> int:
    """Run a new or changed watch query over the last 30 days (see watch.backfill)."""
    from iletisim.monitoring import watch

    return watch.backfill(query_id)


@task()
def deliver_alerts() -> int:
    """Send the alerts that are due (each exactly once, see alerts/actions.py)."""
    from iletisim.monitoring.alerts import actions as alerts

    return alerts.deliver_due_alerts()
