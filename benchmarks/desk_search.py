"""The desk's search at scale: `python -m benchmarks.desk_search [--quick]`.

Creates its own PostgreSQL database (next to DATABASE_URL's), migrates it, loads generated
citizen requests (200,000; `--quick` 20,000) by COPY, then times the inbox's search query as
the desk runs it (search, newest first, one page of 51 rows) for rare, common, several-word
and suffixed queries:

- indexed: `service_requests.search.search_requests` with the trigram index (migration 0012);
- scan: the previous code, `tracking_number = q OR search_text LIKE '%q%'`, in the same run,
  with the index dropped inside a transaction that is rolled back.

For one-word queries both must return the same page (`agree`). Each query is run `--repeat`
times; the median counts. Wall-clock times (the work is in the database server). The last
line is JSON: {"requests", "load_s", "queries", "indexed_ms", "scan_ms", "ratio", "agree",
"index_used", "loadavg", "per_query": {query: [indexed_ms, scan_ms, matches]}} where
indexed_ms and scan_ms are the sums over the queries of the medians, and index_used says the
planner chose the trigram index for the rare word.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg

WORDS_OF_PLACES = [
    "Caferağa",
    "Osmanağa",
    "Rasimpaşa",
    "Fenerbahçe",
    "Göztepe",
    "Erenköy",
    "Suadiye",
    "Bostancı",
    "Kozyatağı",
    "Acıbadem",
    "Koşuyolu",
    "Hasanpaşa",
    "Fikirtepe",
    "Dumlupınar",
    "Eğitim",
    "Feneryolu",
    "Merdivenköy",
    "Sahrayıcedit",
    "Zühtüpaşa",
    "19Mayıs",
    "Moda",
    "Kadıköy",
]
STREETS = [
    "Lale",
    "Zambak",
    "Menekşe",
    "Papatya",
    "Gül",
    "Karanfil",
    "Nergis",
    "Sümbül",
    "Ihlamur",
    "Çınar",
    "Akasya",
    "Söğüt",
    "Kavak",
    "Meşe",
    "Ardıç",
    "Defne",
    "Leylak",
    "Manolya",
    "Orkide",
    "Begonya",
    "Kardelen",
    "Fesleğen",
    "Nane",
    "Kekik",
    "Reyhan",
    "Mimoza",
    "Şebboy",
    "Yasemin",
    "Lavanta",
    "Adaçayı",
]
KINDS = ["Sokak", "Caddesi", "Sokağı", "Cad.", "Sk."]
PROBLEMS = [
    "yolda derin bir çukur var, araçlar zarar görüyor",
    "çöp konteyneri günlerdir boşaltılmadı, koku yayılıyor",
    "sokak lambası yanmıyor, gece çok karanlık",
    "kaldırım kırık, yaşlılar düşüyor",
    "parktaki salıncak kırılmış, çocuklar için tehlikeli",
    "sahipsiz köpekler saldırgan, okul yolunda korkutuyor",
    "inşaat gece geç saatlere kadar gürültü yapıyor",
    "kaçak yapı yükseliyor, zabıta gelmedi",
    "ağaç devrilmek üzere, dalları tellere değiyor",
    "yağmur suyu ızgarası tıkalı, her yağmurda su basıyor",
    "esnaf kaldırımı işgal ediyor, yürünmüyor",
    "hız kesici yok, araçlar çok hızlı geçiyor",
    "emlak vergisi borcum yanlış hesaplanmış",
    "kültür merkezindeki kursa nasıl kayıt olunur",
    "sosyal yardım başvurum sonuçlanmadı",
    "pazar yerinde temizlik yapılmıyor",
    "otopark ücretleri çok yüksek",
    "ilaçlama yapılmadı, sivrisinek çok fazla",
]
OPENERS = ["", "Merhaba, ", "Sayın yetkili, ", "ACİL: ", "Iyi gunler ", "Rica ediyorum "]
RARE = "Kuşdili"  # a word only a few requests hold (about 1 in 10,000)
QUERIES = [
    RARE,  # rare: the scan reads every row to fill a page
    "Zambak",  # one street in thirty: about 3 %
    "çukur",  # common
    "KADIKOY",  # capitals, no Turkish letters
    "Kadıköy'de çöp",  # a suffix after an apostrophe, and two words
    "ızgarası tıkalı Yasemin",  # three words
    "hiçbiryerdeolmayan",  # no match at all: the scan's worst case
]


def database_urls() -> tuple[str, str, str]:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base.startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at PostgreSQL")
    parts = urlsplit(base)
    name = f"iletisim_bench_search_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return admin, urlunsplit(parts._replace(path=f"/{name}")), name


def description(rng: random.Random, n: int) -> tuple[str, str]:
    place = rng.choice(WORDS_OF_PLACES)
    street = f"{rng.choice(STREETS)} {rng.choice(KINDS)}"
    text = f"{rng.choice(OPENERS)}{place}'de {street} üzerinde {rng.choice(PROBLEMS)}."
    if rng.random() < 0.3:
        text = text.upper() if rng.random() < 0.5 else text.lower()
    if n % 10_000 == 7:
        text += f" {RARE} tarafında da aynı sorun var."
    return text, f"{street} No {rng.randint(1, 120)}, {place}"


def load(count: int) -> None:
    """COPY generated requests in; every other column takes the model's default."""
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from iletisim.lib.turkish import fold
    from iletisim.service_requests.models import Category, Neighbourhood, ServiceRequest

    rng = random.Random(42)  # noqa: S311 - generated test data, not secrets
    categories = list(Category.objects.values_list("pk", "default_unit_id"))
    neighbourhoods = list(Neighbourhood.objects.values_list("pk", flat=True))
    fields = [f for f in ServiceRequest._meta.concrete_fields if f.name != "id"]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    start = timezone.now() - dt.timedelta(days=730)
    step = dt.timedelta(days=730) / count
    statuses = ["received", "routed", "in_progress", "answered", "closed", "closed", "closed"]
    connection.ensure_connection()
    copy_sql = f"COPY service_requests_servicerequest ({columns}) FROM STDIN"
    with connection.connection.cursor() as pg, pg.copy(copy_sql) as copy:
        for n in range(count):
            text, address = description(rng, n)
            category, unit = rng.choice(categories)
            created = start + step * n
            values = {
                "tracking_number": f"{2000 + n // 900_000}-{n % 900_000:06d}",
                "secret": f"bench{n:027d}",
                "type": "complaint",
                "category": category,
                "description": text,
                "search_text": fold(f"{text} {address}"),
                "answers": "{}",
                "channel": "web",
                "status": rng.choice(statuses),
                "neighbourhood": rng.choice(neighbourhoods),
                "address": address,
                "unit": unit,
                "created_at": created,
                "updated_at": created,
            }
            row = []
            for field in fields:
                key = field.name if field.name in values else None
                value = values[key] if key else field.get_default()
                if field.name in ("submission_key", "latitude", "longitude"):
                    value = None
                row.append(json.dumps(value) if isinstance(value, dict) else value)
            copy.write_row(row)
    connection.connection.commit()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE service_requests_servicerequest")


def time_query(make_queryset, repeat: int) -> tuple[float, list[str]]:
    times, page = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        page = list(
            make_queryset()
            .order_by("-created_at", "-pk")
            .values_list("tracking_number", flat=True)[:51]
        )
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), page


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="20,000 requests")
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    count = 20_000 if args.quick else args.requests
    admin, url, name = database_urls()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.db.models import Q

        from iletisim.lib.turkish import fold
        from iletisim.service_requests.models import ServiceRequest
        from iletisim.service_requests.search import search_requests

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        load(count)
        load_s = time.perf_counter() - started
        per_query: dict[str, list[float | int]] = {}
        agree = True
        pages: dict[str, list[str]] = {}
        objects = ServiceRequest.objects
        for query in QUERIES:
            ms, pages[query] = time_query(
                lambda q=query: search_requests(objects.all(), q), args.repeat
            )
            matches = search_requests(objects.all(), query).count()
            per_query[query] = [round(ms, 2), 0.0, matches]
        rare_plan = search_requests(objects.all(), RARE).order_by("-created_at", "-pk")[:51]
        index_used = "sr_search_trgm" in rare_plan.explain()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX sr_search_trgm")
            for query in QUERIES:

                def old(q: str = query) -> object:
                    return objects.filter(
                        Q(tracking_number=q.strip()) | Q(search_text__contains=fold(q))
                    )

                ms, page = time_query(old, args.repeat)
                per_query[query][1] = round(ms, 2)
                if " " not in query and "'" not in query and page != pages[query]:
                    agree = False
            transaction.set_rollback(True)
        indexed = sum(float(v[0]) for v in per_query.values())
        scan = sum(float(v[1]) for v in per_query.values())
        result = {
            "requests": count,
            "load_s": round(load_s, 1),
            "queries": len(QUERIES),
            "indexed_ms": round(indexed, 1),
            "scan_ms": round(scan, 1),
            "ratio": round(scan / indexed, 1) if indexed else 0.0,
            "agree": agree,
            "index_used": index_used,
            "loadavg": open("/proc/loadavg").read().split()[0],  # noqa: SIM115
            "per_query": per_query,
        }
        connection.close()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
