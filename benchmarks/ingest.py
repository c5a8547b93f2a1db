"""Ingestion benchmark: feeds on loopback -> real workers -> items with text and stories.

    python -m benchmarks.ingest [--quick] [--workers N]

Serves a corpus over HTTP on loopback: the 80 real pages of ../shared/data/fundus (MIT) and
Turkish pages built from ../shared/data/ttc3600 news texts (CC BY 4.0) with page furniture
(menus, related links, share bar, comments, footer), a fifth of them syndicated copies of
another article (new dateline, dropped paragraph, source line, lead only), listed by RSS
feeds of 25 items each. Real `manage.py db_worker` processes poll the feeds, fetch, extract,
deduplicate and store. In the same run, bare `trafilatura.extract` is timed over the same
pages in one process. The database is a fresh SQLite file unless DATABASE_URL is set.

Last line: {"articles", "pipeline_per_s", "bare_extract_per_s", "ratio"}.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
# Beside the checkout (or beside the folder of worktrees); --data to point elsewhere.
DATA = next(
    (path for path in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data")
     if path.exists()),
    ROOT.parent / "shared" / "data",
)  # fmt: skip
PER_FEED = 25
# What a district municipality's press office watches: itself, its mayor's office, its
# districts and projects, the metropolitan municipality and parties, and the subjects the
# public asks about. On the --quick corpus of general news 92 of 250 items hit one of them
# (more than a municipality's own feeds would); those are classified (topic) and scored (tone)
# as in production, in the workers' timed run.
WATCH_QUERIES = {
    "Belediye": "belediye*",
    "Başkanlık": '"belediye başkanı" OR "belediye başkanlığı" OR başkanvekili',
    "Büyükşehir": '"büyükşehir belediyesi" OR "büyükşehir belediye"',
    "Meclis": '"belediye meclisi" OR "meclis üyesi" OR "meclis toplantısı"',
    "İlçeler": "Kadıköy OR Üsküdar OR Ataşehir OR Maltepe OR Kartal OR Beşiktaş",
    "İstanbul": "İstanbul NEAR/5 (belediye* OR vali OR ulaşım OR deprem)",
    "Ankara": "Ankara NEAR/5 (belediye* OR ulaşım)",
    "Partiler": '"AK Parti" OR CHP OR MHP OR "İYİ Parti" OR HDP',
    "Seçim": "seçim OR seçimler OR sandık OR aday",
    "Ulaşım": '"toplu taşıma" OR metro OR metrobüs OR otobüs OR tramvay OR vapur',
    "Trafik": "trafik NEAR/3 (kaza OR yoğunluk OR düzenleme)",
    "Deprem": 'deprem OR afet OR AFAD OR "kentsel dönüşüm"',
    "Su": '"su kesintisi" OR İSKİ OR kanalizasyon OR sel OR taşkın',
    "Çevre": 'çöp OR atık OR "geri dönüşüm" OR çevre NEAR/3 kirlilik',
    "Parklar": 'park OR bahçe OR "yeşil alan" OR ağaç',
    "Kültür": "festival OR konser OR tiyatro OR sergi OR kütüphane",
    "Spor": '"spor tesisi" OR "spor salonu" OR "yüzme havuzu" OR maraton',
    "Sağlık": 'hastane OR "sağlık ocağı" OR aşı OR salgın',
    "Eğitim": "okul OR kreş OR burs OR öğrenci NEAR/3 (yurt OR servis)",
    "Sosyal yardım": '"sosyal yardım" OR "gıda yardımı" OR "kira yardımı" OR engelli',
    "İmar": 'imar OR ruhsat OR "kaçak yapı" OR yıkım',
    "Ekonomi": 'enflasyon OR işsizlik OR zam OR "asgari ücret"',
    "Vergi": 'vergi OR harç OR "emlak vergisi" OR borç',
    "Hayvanlar": '"sokak hayvanları" OR barınak OR köpek OR kedi',
    "Turizm": "turizm OR turist OR otel",
}

FURNITURE_TOP = """<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>{title} - {outlet}</title>
<meta property="og:title" content="{title}"><meta name="author" content="{outlet} Haber Merkezi">
<link rel="stylesheet" href="/s.css"></head><body>
<header><div class="logo">{outlet}</div><nav><ul><li><a href="/">Anasayfa</a></li><li><a href="/gundem">Gündem</a></li>
<li><a href="/ekonomi">Ekonomi</a></li><li><a href="/spor">Spor</a></li><li><a href="/yasam">Yaşam</a></li>
<li><a href="/yazarlar">Yazarlar</a></li></ul></nav><div class="breaking">SON DAKİKA: Hava durumu uyarısı</div></header>
<main><article><h1>{title}</h1><div class="meta">Güncelleme: {date}</div>
<div class="share"><a href="#">Paylaş</a> <a href="#">Tweetle</a> <a href="#">WhatsApp</a></div>
<div class="content">"""
FURNITURE_BOTTOM = """</div></article>
<aside><h3>İlgili Haberler</h3><ul>{related}</ul></aside>
<section class="comments"><h3>Yorumlar</h3><div class="comment">Okur: Çok güzel bir haber, teşekkürler.</div>
<div class="comment">Misafir: Bu konuda daha fazla bilgi verilmeli.</div></section></main>
<footer><p>© 2026 {outlet}. Tüm hakları saklıdır.</p><ul><li><a href="/kunye">Künye</a></li>
<li><a href="/iletisim">İletişim</a></li><li><a href="/gizlilik">Gizlilik Politikası</a></li></ul></footer></body></html>"""


def turkish_page(title: str, text: str, outlet: str, rng: random.Random) -> str:
    from iletisim.monitoring.evals.build_dedup import paragraphs

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(text))
    related = "".join(
        f'<li><a href="/haber/{rng.randrange(10**6)}">Belediyeden yeni açıklama {n}</a></li>'
        for n in range(6)
    )
    top = FURNITURE_TOP.format(title=escape(title), outlet=outlet, date="26.11.2026 09:00")
    return top + body + FURNITURE_BOTTOM.format(outlet=outlet, related=related)


def build_corpus(turkish_count: int, data: Path = DATA, seed: int = 7) -> list[dict[str, str]]:
    """Pages as {"path", "html", "outlet"}: fundus first, then Turkish with copies."""
    from iletisim.monitoring.evals.build_dedup import EDITS, load_articles

    rng = random.Random(seed)  # noqa: S311  (a reproducible corpus, not a secret)
    pages = []
    truth = json.loads((data / "fundus" / "ground_truth.json").read_text(encoding="utf-8"))
    for n, name in enumerate(sorted(truth)):
        html = gzip.decompress((data / "fundus" / "html" / name).read_bytes())
        pages.append(
            {
                "path": f"/fundus/{n}",
                "html": html.decode("utf-8", "replace"),
                "outlet": name.split("_")[0],
            }
        )
    articles = load_articles(data / "ttc3600")
    rng.shuffle(articles)
    originals: list[str] = []
    edits = ["dateline", "combined", "lead_only", "dropped_paragraph", "source_line"]
    for n in range(turkish_count):
        outlet = f"Yerel Haber {n % 12}"
        if originals and n % 5 == 4:
            text = EDITS[edits[n % len(edits)]](rng.choice(originals), rng)
        else:
            text = articles[n % len(articles)]["text"]
            originals.append(text)
        title = " ".join(text.split()[:8])
        pages.append(
            {"path": f"/tr/{n}", "html": turkish_page(title, text, outlet, rng), "outlet": outlet}
        )
    return pages


class CorpusServer:
    """A loopback HTTP server for the corpus: like iletisim.lib.testing.http's, but with
    TCP_NODELAY, so each response is not held back 40 ms by Nagle and delayed ACKs (which
    would time the test server, not the pipeline)."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        routes: dict[str, tuple[str, bytes]] = {}
        self.routes = routes

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                content_type, body = routes.get(self.path, ("text/plain", b""))
                self.send_response(200 if self.path in routes else 404)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def route(self, path: str, content_type: str, body: bytes) -> None:
        self.routes[path] = (content_type, body)

    def start(self) -> CorpusServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def rss(server, pages: list[dict[str, str]]) -> bytes:
    items = "".join(
        f"<item><title>{n}</title><link>{server.url(p['path'])}</link>"
        f"<guid>{server.url(p['path'])}</guid></item>"
        for n, p in enumerate(pages)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'.encode()


def time_bare_extract(pages: list[dict[str, str]], server: CorpusServer) -> float:
    import trafilatura

    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(page["html"], url=server.url(page["path"]))
    return time.perf_counter() - started


def fresh_postgres_database(url: str) -> tuple[str, Callable[[], None]]:
    """Create `iletisim_bench_<pid>` on the server of `url`; its URL and how to drop it."""
    import psycopg

    parts = urlsplit(url)
    name = f"iletisim_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="about 250 articles")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    turkish_count = 170 if args.quick else 1000

    workdir = Path(tempfile.mkdtemp(prefix="iletisim-bench-"))
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    dropped = None
    if env["DATABASE_URL"].startswith("postgres"):
        # A fresh database beside the one named, dropped at the end: counts start at zero.
        env["DATABASE_URL"], dropped = fresh_postgres_database(env["DATABASE_URL"])
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        MONITORING_HOST_DELAY="0",  # every page is on one loopback host
        DEBUG="false",  # as in production: DEBUG keeps (and on SQLite re-quotes) every query
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from iletisim.monitoring import topic
    from iletisim.monitoring.models import (
        FetchState,
        Item,
        Outlet,
        QueryHit,
        Source,
        Story,
        WatchQuery,
    )
    from iletisim.monitoring.tasks import poll_due_sources, warm_up

    for name, text in WATCH_QUERIES.items():
        WatchQuery.objects.create(name=name, text=text)
    # Trained here once (cached under var/), loaded by each worker's warm-up: not timed.
    topic.get_model()

    pages = build_corpus(turkish_count, args.data)
    server = CorpusServer().start()
    for page in pages:
        server.route(page["path"], "text/html; charset=utf-8", page["html"].encode("utf-8"))
    for start in range(0, len(pages), PER_FEED):
        chunk = pages[start : start + PER_FEED]
        path = f"/feeds/{start // PER_FEED}.xml"
        server.route(path, "application/rss+xml", rss(server, chunk))
        outlet, _ = Outlet.objects.get_or_create(
            name=f"Kaynak {start // PER_FEED}",
            defaults={"type": "news_site", "scope": "local", "reach": 1000},
        )
        Source.objects.create(outlet=outlet, kind="rss", url=server.url(path))

    bare_before = time_bare_extract(pages, server)
    log = (workdir / "workers.log").open("w")
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.05"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        for _ in range(args.workers)
    ]
    try:
        # Warm up (imports, connections) and start the clock only once every worker has run
        # a warm-up task, so worker start-up is not timed.
        warm_pids: set[int] = set()
        while len(warm_pids) < args.workers:
            warm_ups = [warm_up.enqueue() for _ in range(args.workers)]
            while any(result.status != TaskResultStatus.SUCCESSFUL for result in warm_ups):
                time.sleep(0.2)
                for result in warm_ups:
                    result.refresh()
            warm_pids.update(result.return_value for result in warm_ups)
        time.sleep(0.5)
        started = time.perf_counter()
        for _ in range(args.workers):
            poll_due_sources.enqueue()
        while True:
            time.sleep(0.05)  # the end is seen within 50 ms (the workers poll as often)
            total = Item.objects.count()
            if (
                total >= len(pages)
                and not Item.objects.filter(fetch_state=FetchState.PENDING).exists()
                and not DBTaskResult.objects.filter(
                    status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
                ).exists()  # the last batches' matching and classification included
            ):
                break
            if time.perf_counter() - started > 1800:
                raise SystemExit("the pipeline did not finish in 30 minutes")
        pipeline_seconds = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        server.stop()
    done = Item.objects.filter(fetch_state=FetchState.DONE).count()
    stories = Story.objects.count()
    matched = QueryHit.objects.values("item").distinct().count()
    classified = Item.objects.filter(topic__isnull=False).count()
    if dropped:
        from django.db import connections

        connections.close_all()
        dropped()

    # The machine may be shared: bare extraction is timed before and after the pipeline and
    # the two runs averaged, so a change of load during the run skews the ratio less.
    bare_seconds = (bare_before + time_bare_extract(pages, server)) / 2

    pipeline_per_s = len(pages) / pipeline_seconds
    bare_per_s = len(pages) / bare_seconds
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"load average {Path('/proc/loadavg').read_text().split()[:3]}")
    print(
        f"workers={args.workers} fetched={done} stories={stories} matched={matched} "
        f"classified={classified} "
        f"pipeline={pipeline_seconds:.1f}s bare={bare_seconds:.1f}s worker_max_rss={rss_mb:.0f}MB "
        f"db={env['DATABASE_URL'].split(':')[0]}"
    )
    print(
        json.dumps(
            {
                "articles": len(pages),
                "pipeline_per_s": round(pipeline_per_s, 2),
                "bare_extract_per_s": round(bare_per_s, 2),
                "ratio": round(pipeline_per_s / bare_per_s, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
