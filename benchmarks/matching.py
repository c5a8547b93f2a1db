"""Watch-query matching at scale: `python -m benchmarks.matching [--quick]`.

Generates at least 10,000 watch queries (names, places, phrases, booleans, NEAR, prefixes)
from the vocabulary of the committed TTC-3600 news texts and matches them against 2,000
texts with the real matcher (Aho-Corasick pre-filter) and the naive one (every query
evaluated on every text) in the same run. Checks both agree on every (query, text) pair and
prints as its last line JSON: queries, articles, articles_per_s, naive_articles_per_s,
ratio, agree. One process, one core; times are the process's CPU time (time.process_time), so
that other work on a shared machine does not count. `--quick` checks the naive side on 200
texts only.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import os
import random
import sys
import time
from collections.abc import Hashable
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from iletisim.monitoring.matching import (  # noqa: E402
    Document,
    Matcher,
    NaiveMatcher,
    QueryError,
    morphology,
    parse_query,
)
from iletisim.monitoring.matching.parser import STOP_WORDS, Query  # noqa: E402
from iletisim.monitoring.matching.text import TOKEN, fold, lower, normalise  # noqa: E402

SAMPLE = 300  # texts left out of the run, to learn how common each query key is
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "iletisim" / "monitoring" / "data" / "ttc3600" / "train.jsonl"
SHARED = ROOT.parent / "shared" / "data" / "ttc3600" / "train.jsonl"

_FIRST_NAMES = """Ahmet Mehmet Mustafa Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer
Ramazan Halil Süleyman Abdullah Mahmut Recep Salih Fatih Kadir Emre Hakan Kemal Orhan
Ayşe Fatma Emine Hatice Zeynep Elif Meryem Şerife Zehra Sultan Hanife Merve Özlem Gül
Canan Selin Deniz Ekrem Mansur Kılıçdaroğlu Devlet Meral Ümit Tanju Şükrü"""
_SURNAMES = """Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan
Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Korkmaz Çakır Erdoğan Bahçeli Akşener
İmamoğlu Yavaş Özgür Davutoğlu Babacan Soylu Aksoy Güneş Tekin Bulut Keskin Ünal"""
_PLACES = """Kadıköy Üsküdar Beşiktaş Şişli Bakırköy Fatih Beyoğlu Ataşehir Maltepe Kartal Pendik
Tuzla Sarıyer Esenyurt Bağcılar Çankaya Keçiören Yenimahalle Mamak Etimesgut Konak Bornova
Karşıyaka Buca Nilüfer Osmangazi Seyhan Çukurova Muratpaşa Kepez Selçuklu Meram İzmit
Moda Caferağa Fenerbahçe Göztepe Erenköy Suadiye Bostancı Kozyatağı Acıbadem Koşuyolu"""
FIRST_NAMES, SURNAMES, PLACES = (_FIRST_NAMES.split(), _SURNAMES.split(), _PLACES.split())
INSTITUTIONS = ["Belediyesi", "Belediye Başkanı", "Valiliği", "Emniyet Müdürlüğü", "Meclisi"]


def load_texts(limit: int) -> list[str]:
    path = CORPUS if CORPUS.exists() else SHARED
    with path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    return texts[:limit]


def vocabulary(texts: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Mid-frequency words, capitalised words (names) and two-word sequences of the corpus."""
    words: collections.Counter[str] = collections.Counter()
    names: collections.Counter[str] = collections.Counter()
    pairs: collections.Counter[str] = collections.Counter()
    for text in map(normalise, texts):
        previous = None
        for match in TOKEN.finditer(text):
            word = match.group(1)
            if len(word) < 4 or word.isdigit() or fold(word) in STOP_WORDS:
                previous = None
                continue
            words[lower(word)] += 1
            if word[0].isupper() and word[1:].islower():
                names[word] += 1
                if previous and text[match.start() - 1] == " ":
                    pairs[f"{previous} {word}"] += 1
                previous = word
            else:
                previous = None
    # watch queries name specific things: skip the corpus's most common words, and keep as
    # names the capitalised words that seldom appear in lower case (not sentence openers)
    common = [w for w, _ in words.most_common(15000)[3000:]]
    proper = [n for n, c in names.most_common(5000)[300:] if words[lower(n)] <= 1.1 * c]
    return common, proper, [p for p, c in pairs.most_common(3000)]


def generate_queries(count: int, texts: list[str], seed: int = 6) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 (reproducible test data)
    words, names, pairs = vocabulary(texts)
    people = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
    long_names = [name for name in names if len(name) >= 8]

    def term() -> str:
        # a municipality watches people, places and institutions more than common words
        kind = rng.random()
        if kind < 0.3:
            return rng.choice(names)
        if kind < 0.4:
            return rng.choice(words)
        if kind < 0.55:
            return f'"{rng.choice(pairs)}"'
        if kind < 0.75:
            return f'"{rng.choice(people)}"'
        if kind < 0.85:
            return rng.choice(PLACES)
        return f'"{rng.choice(PLACES)} {rng.choice(INSTITUTIONS)}"'

    makers = [
        term,
        term,
        lambda: f"{term()} OR {term()}",
        lambda: f"{term()} AND ({term()} OR {term()})",
        lambda: f"{term()} {term()}",
        lambda: f"{term()} {term()} NOT {term()}",
        lambda: f"{term()} NEAR/{rng.randint(1, 10)} {term()}",
        lambda: f"({term()} OR {term()}) NEAR/{rng.randint(2, 8)} {term()}",
        lambda: rng.choice(long_names)[:-2] + "*",
        lambda: f'"{rng.choice(PLACES)} {rng.choice(INSTITUTIONS)}" OR "{rng.choice(people)}"',
    ]
    queries: list[str] = []
    while len(queries) < count:
        source = rng.choice(makers)()
        try:
            parse_query(source)
        except QueryError:
            continue
        queries.append(source)
    return queries


def clear_caches() -> None:
    """Both sides start with the suffix grammar's memo tables empty, so neither profits
    from the other's run, and with a collected heap: otherwise the first side timed pays
    the full garbage collection that building 10,000 queries left due (~0.3 s)."""
    for cached in (morphology.inflects, morphology._parses, morphology._realise):
        cached.cache_clear()
    gc.collect()


def run(query_count: int, article_count: int, naive_count: int) -> dict[str, object]:
    texts = load_texts(max(article_count, 2000) + SAMPLE)
    sources = generate_queries(query_count, texts)
    queries: dict[Hashable, Query] = {
        number: parse_query(source) for number, source in enumerate(sources)
    }
    articles = texts[:article_count]

    started = time.process_time()
    # key frequencies are learnt from texts that are not matched (in production: recent items)
    matcher = Matcher(queries, sample=texts[len(texts) - SAMPLE :])
    build_s = time.process_time() - started
    clear_caches()
    started = time.process_time()
    real = [matcher.match(Document(text)) for text in articles]
    real_s = time.process_time() - started

    naive_matcher = NaiveMatcher(queries)
    clear_caches()
    started = time.process_time()
    naive = [naive_matcher.match(Document(text)) for text in articles[:naive_count]]
    naive_s = time.process_time() - started

    agree = all(
        collections.Counter(a) == collections.Counter(b) for a, b in zip(real, naive, strict=False)
    )
    hits = sum(len(found) for found in real)
    articles_per_s = len(articles) / real_s
    naive_per_s = naive_count / naive_s
    print(
        f"{len(queries)} queries, automaton built in {build_s:.2f} s; "
        f"{hits} matches in {len(articles)} articles ({hits / len(articles):.1f} per article); "
        f"naive matcher checked on {naive_count} articles",
        file=sys.stderr,
    )
    return {
        "queries": len(queries),
        "articles": len(articles),
        "articles_per_s": round(articles_per_s, 1),
        "naive_articles_per_s": round(naive_per_s, 2),
        "ratio": round(articles_per_s / naive_per_s, 1),
        "agree": agree,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="naive side on 200 texts only")
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=2_000)
    arguments = parser.parse_args()
    naive_count = 200 if arguments.quick else arguments.articles
    result = run(arguments.queries, arguments.articles, min(naive_count, arguments.articles))
    print(json.dumps(result))
    if not result["agree"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
