"""Background tasks of monitoring; each takes ids (or nothing), calls the pipeline, is safe twice.

Each worker process keeps one `Fetcher` (connections, robots.txt) and one `StoryIndex`
(the near-duplicate window), created on first use.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.db import transaction
from django.tasks import task

from iletisim.monitoring import ingest
from iletisim.monitoring.fetching import Fetcher
from iletisim.monitoring.models import Clipping, Item, OcrState, search_text_for
from iletisim.monitoring.stories import StoryIndex, attach_to_story, lock_filing

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
        fetched += ingest.fetch_items(batch, fetcher, worker_index())
    return {"sources": polled, "new": new, "fetched": fetched}


@task()
def poll_due_sources() -> dict[str, int]:
    return run_round()


@task()
def fetch_pending_items() -> int:
    fetched = 0
    while batch := ingest.claim_pending_items(10):
        fetched += ingest.fetch_items(batch, worker_fetcher(), worker_index())
    return fetched


@task()
def warm_up() -> int:
    """Load what the first item would otherwise wait for (the topic classifier, trained
    first if no cache file has it, the watch queries' matcher, the near-duplicate window, the
    HTTP client); returns the worker's process id."""
    from iletisim.monitoring import tone, topic, watch  # noqa: F401  (tone: for its import)

    topic.get_model()
    watch.current_matcher()
    worker_fetcher()
    worker_index().refresh(every=0)
    return os.getpid()


@task()
def file_clipping(item_id: int) -> None:
    """Put a manual clipping into its story (a print copy of an agency story, say)."""
    item = Item.objects.select_related("outlet").get(pk=item_id)
    if item.story_id is None:
        index = worker_index()
        with transaction.atomic():
            lock_filing()
            index.refresh(every=0)
            attach_to_story(item, index)
    from iletisim.monitoring import watch

    watch.match_item(item)  # typed-in print and broadcast clippings are matched too


@task()
def ocr_clipping(clipping_id: int) -> str:
    """Read a print scan with Tesseract's Turkish model, when the machine has it.

    Images are read as they are; a PDF is first rendered to one image per page at 300 dpi
    by poppler's `pdftoppm` (Tesseract does not read PDF).
    """
    clipping = Clipping.objects.select_related("item").get(pk=clipping_id)
    if clipping.ocr_state == OcrState.DONE or not clipping.scan:
        return str(clipping.ocr_state)
    tesseract = shutil.which("tesseract")
    scan = clipping.scan.path
    is_pdf = scan.lower().endswith(".pdf")
    pdftoppm = shutil.which("pdftoppm")
    if tesseract is None or (is_pdf and pdftoppm is None):
        Clipping.objects.filter(pk=clipping.pk).update(ocr_state=OcrState.UNAVAILABLE)
        return OcrState.UNAVAILABLE
    try:
        with tempfile.TemporaryDirectory(prefix="iletisim-ocr-") as folder:
            pages = [scan]
            if pdftoppm is not None and is_pdf:
                subprocess.run(  # noqa: S603
                    [pdftoppm, "-r", "300", "-png", scan, f"{folder}/page"],
                    capture_output=True, timeout=300, check=True,
                )  # fmt: skip
                pages = sorted(str(path) for path in Path(folder).glob("page*.png"))
            texts = [
                subprocess.run(  # noqa: S603
                    [tesseract, page, "stdout", "-l", "tur"],
                    capture_output=True, timeout=300, check=True,
                ).stdout.decode("utf-8", errors="replace").strip()
                for page in pages
            ]  # fmt: skip
    except (subprocess.SubprocessError, OSError):
        Clipping.objects.filter(pk=clipping.pk).update(ocr_state=OcrState.FAILED)
        return OcrState.FAILED
    text = "\n\n".join(t for t in texts if t)
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
