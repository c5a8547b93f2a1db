"""The morning press summary at scale: 500 clippings (Turkish texts of TTC-3600) across
outlets, stories and tones; build the summary, render the HTML e-mail and the PDF.

    .venv/bin/python -m benchmarks.summary [--quick]

Runs on a throwaway SQLite database in a temporary folder (the figures are about rendering,
not the database). Target: the PDF of 500 clippings in under 5 s. The baseline is a bare
WeasyPrint render of one short page. The last line is JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_CANDIDATES = [
    os.environ.get("SUMMARY_BENCH_DATA", ""),
    str(ROOT / ".." / "shared" / "data" / "ttc3600" / "train.jsonl"),
    str(ROOT / ".." / ".." / "shared" / "data" / "ttc3600" / "train.jsonl"),
]
TONES = ["positive", "neutral", "negative", None]


def load_texts(limit: int) -> list[tuple[str, str]]:
    for candidate in DATA_CANDIDATES:
        if candidate and Path(candidate).is_file():
            rows = []
            with open(candidate, encoding="utf-8") as handle:
                for line in handle:
                    record = json.loads(line)
                    rows.append((record["label"], record["text"]))
                    if len(rows) >= limit:
                        break
            return rows
    sys.exit("TTC-3600 not found: set SUMMARY_BENCH_DATA to train.jsonl")


def setup_django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_clippings(count: int, texts: list[tuple[str, str]]) -> None:
    from django.utils import timezone

    from iletisim.monitoring.models import (
        FetchState,
        Item,
        Medium,
        Outlet,
        OutletType,
        Scope,
        Story,
        search_text_for,
        url_hash,
    )

    rng = random.Random(7)  # noqa: S311  (repeatable test data, not secrets)
    kinds = [
        (OutletType.NATIONAL_NEWSPAPER, Scope.NATIONAL, Medium.PRINT),
        (OutletType.LOCAL_NEWSPAPER, Scope.LOCAL, Medium.PRINT),
        (OutletType.NEWS_SITE, Scope.NATIONAL, Medium.ONLINE),
        (OutletType.TV, Scope.NATIONAL, Medium.TV),
        (OutletType.RADIO, Scope.LOCAL, Medium.RADIO),
    ]
    outlets = [
        Outlet.objects.create(
            name=f"Yayın Organı {n}",
            type=kinds[n % 5][0],
            scope=kinds[n % 5][1],
            reach=rng.randint(1_000, 900_000),
        )
        for n in range(40)
    ]
    now = timezone.now()
    items = []
    stories: list[Story] = []
    for n in range(count):
        label, text = texts[n % len(texts)]
        outlet = outlets[n % len(outlets)]
        # About a third of the clippings are copies of an earlier story (agency news).
        if stories and rng.random() < 0.35:
            story = rng.choice(stories)
        else:
            story = Story.objects.create(title=text[:80])
            stories.append(story)
        title = text.split(".")[0][:200]
        if n % 10 == 0:
            title = f"Belediye Başkanı {title}"
        url = f"https://bench.invalid/{n}"
        items.append(
            Item(
                url=url,
                url_hash=url_hash(url),
                medium=kinds[n % len(outlets) % 5][2],
                outlet=outlet,
                title=title,
                text=text,
                story=story,
                fetched_at=now - dt.timedelta(minutes=n + 1),
                published_at=None if n % 17 == 0 else now - dt.timedelta(minutes=n + 5),
                fetch_state=FetchState.DONE,
                search_text=search_text_for(title, text),
                topic=label,
                tone=TONES[n % len(TONES)],
            )
        )
    Item.objects.bulk_create(items, batch_size=200)


def check_text(pdf_path: Path, summary: object) -> str:
    """Is every headline of the summary in pdftotext's output, Turkish letters and all?"""
    binary = shutil.which("pdftotext")
    if binary is None:
        return "not checked (install Debian's poppler-utils)"
    extracted = subprocess.run(  # noqa: S603
        [binary, str(pdf_path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    # pdftotext joins a word broken at a hyphen at the end of a line ("sarı-lacivert" ->
    # "sarılacivert"): compare without hyphens.
    flat = " ".join(extracted.replace("-", "").split())
    headlines = [" ".join(e.headline.replace("-", "").split()) for e in summary.entries.all()]  # type: ignore[attr-defined]
    missing = [h for h in headlines if h not in flat]
    letters = sorted(set(c for c in flat if c in "çğıöşüÇĞİÖŞÜ"))
    return (
        f"{len(headlines) - len(missing)}/{len(headlines)} headlines found intact; "
        f"Turkish letters present: {''.join(letters)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100 clippings instead of 500")
    args = parser.parse_args()
    count = 100 if args.quick else 500
    sys.path.insert(0, str(ROOT))
    folder = Path(tempfile.mkdtemp(prefix="summary-bench-"))
    setup_django(folder)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    from iletisim.monitoring.summary import actions, rendering

    texts = load_texts(count)
    make_clippings(count, texts)

    started = time.perf_counter()
    baseline = rendering.html_to_pdf("<html lang='tr'><body><p>Basın Özeti</p></body></html>")
    baseline_s = time.perf_counter() - started
    assert baseline.startswith(b"%PDF")

    started = time.perf_counter()
    summary = actions.draft_summary(force=True)
    build_s = time.perf_counter() - started
    assert summary is not None

    started = time.perf_counter()
    html = rendering.render_email(summary)
    html_s = time.perf_counter() - started

    started, cpu_started = time.perf_counter(), time.process_time()
    pdf = rendering.render_pdf(summary)
    pdf_s = time.perf_counter() - started
    pdf_cpu_s = time.process_time() - cpu_started
    pdf_path = folder / rendering.pdf_filename(summary)
    pdf_path.write_bytes(pdf)

    print(f"pdftotext: {check_text(pdf_path, summary)}")
    print(
        f"{count} clippings -> {summary.story_count} stories; build {build_s:.2f} s, "
        f"HTML {len(html) // 1024} KiB in {html_s:.3f} s, PDF {len(pdf) // 1024} KiB in "
        f"{pdf_s:.2f} s wall, {pdf_cpu_s:.2f} s CPU (baseline one-page PDF {baseline_s:.2f} s);"
        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        json.dumps(
            {
                "clippings": count,
                "html_s": round(html_s, 3),
                "pdf_s": round(pdf_s, 3),
                "pdf_path": str(pdf_path.resolve()),
            }
        )
    )


if __name__ == "__main__":
    main()
