"""Build the near-duplicate evaluation file from Turkish news (TTC-3600, CC BY 4.0).

    python -m iletisim.monitoring.evals.build_dedup [--data ../shared/data/ttc3600] OUT.jsonl

Positive pairs are an article and a syndicated copy of it, made the way local sites
republish agency copy: a new dateline, a dropped paragraph, a source line, only the lead
kept, or several of these at once. Negative pairs are two different articles, half of them
from the same category (same vocabulary, different news). Fixed seed: the same file each run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

DEFAULT_DATA = Path("../shared/data/ttc3600")
MIN_WORDS = 120
MAX_WORDS = 500  # keeps the committed file small

CITIES = ["ANKARA", "İSTANBUL", "İZMİR", "BURSA", "ANTALYA", "KONYA", "TRABZON", "ESKİŞEHİR"]
AGENCIES = ["AA", "DHA", "İHA", "ANKA"]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def paragraphs(text: str, per: int = 3) -> list[str]:
    parts = sentences(text)
    return [" ".join(parts[i : i + per]) for i in range(0, len(parts), per)]


def new_dateline(text: str, rng: random.Random) -> str:
    city, agency = rng.choice(CITIES), rng.choice(AGENCIES)
    body = re.sub(r"^[A-ZÇĞİÖŞÜ ]{2,30}\s*[-–(][^-–]{0,30}[-–)]\s*", "", text)
    return f"{city} ({agency}) - {body}"


def drop_paragraph(text: str, rng: random.Random) -> str:
    parts = paragraphs(text)
    if len(parts) > 2:
        parts.pop(rng.randrange(1, len(parts)))
    return "\n\n".join(parts)


def source_line(text: str, rng: random.Random) -> str:
    line = rng.choice(["Kaynak: {a}", "Haber: {a}", "Bu haber {a} kaynaklıdır.", "({a})"])
    return text + "\n\n" + line.format(a=rng.choice(AGENCIES))


def lead_only(text: str, rng: random.Random) -> str:
    parts = sentences(text)
    keep = max(3, len(parts) // 2)
    return " ".join(parts[:keep])


def combined(text: str, rng: random.Random) -> str:
    return source_line(drop_paragraph(new_dateline(text, rng), rng), rng)


EDITS: dict[str, Callable[[str, random.Random], str]] = {
    "dateline": new_dateline,
    "dropped_paragraph": drop_paragraph,
    "source_line": source_line,
    "lead_only": lead_only,
    "combined": combined,
}


def load_articles(data: Path = DEFAULT_DATA) -> list[dict[str, str]]:
    with (data / "train.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [r for r in rows if MIN_WORDS <= len(r["text"].split()) <= MAX_WORDS]


def pairs(data: Path = DEFAULT_DATA, count: int = 100, seed: int = 5) -> Iterator[dict]:
    rng = random.Random(seed)  # noqa: S311  (a reproducible sample, not a secret)
    articles = load_articles(data)
    rng.shuffle(articles)
    by_label: dict[str, list[dict[str, str]]] = {}
    for article in articles:
        by_label.setdefault(article["label"], []).append(article)
    kinds = list(EDITS)
    for i in range(count):
        a = articles[i]
        kind = kinds[i % len(kinds)]
        yield {"a": a["text"], "b": EDITS[kind](a["text"], rng), "duplicate": True, "edit": kind}
        if i % 2:
            other = rng.choice([x for x in by_label[a["label"]] if x is not a])
            kind = "same_category"
        else:
            other = articles[count + i]
            kind = "unrelated"
        yield {"a": a["text"], "b": other["text"], "duplicate": False, "edit": kind}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--pairs", type=int, default=100)
    args = parser.parse_args()
    lines = 0
    with args.output.open("w", encoding="utf-8") as handle:
        for record in pairs(args.data, args.pairs):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            lines += 1
    print(f"{lines} pairs written to {args.output}")


if __name__ == "__main__":
    main()
