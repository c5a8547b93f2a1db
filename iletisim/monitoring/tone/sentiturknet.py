"""`python -m iletisim.monitoring.tone.sentiturknet XML CASES.jsonl`: SentiTurkNet against
our lexicon on a tone case file, to decide which lexicon the baseline uses.

SentiTurkNet (Dehkharghani et al.) ships in the `nlptoolkit-sentinet` package on PyPI (GPL-3.0,
compatible with our AGPL) as `SentiNet/data/turkish_sentiliteralnet.xml`: about 80,000 lemmas
with positive and negative scores. Lemmas become stems our matcher reads (a verb's -mak/-mek
dropped), weights ±1 or ±2; entries weaker than `threshold` are left out. It is not a
dependency: the measured result (docs/monitoring-intelligence.md) kept our own lexicon.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from iletisim.monitoring.matching import parse_query
from iletisim.monitoring.matching.text import fold


def load(path: Path, *, threshold: float = 0.25, shortest: int = 4) -> dict[tuple[str, ...], int]:
    entries: dict[tuple[str, ...], int] = {}
    for word in ET.parse(path).getroot():  # noqa: S314
        score = float(word.findtext("PSCORE") or 0) - float(word.findtext("NSCORE") or 0)
        words = fold(word.findtext("NAME") or "").split()
        if abs(score) < threshold or not words:
            continue
        last = words[-1]
        if last.endswith(("mak", "mek")) and len(last) > 5:
            last = last[:-3]
        if len(last) >= shortest:
            entries[(*words[:-1], last)] = (2 if score > 0.5 else 1) * (1 if score > 0 else -1)
    return entries


def accuracy(cases: list[dict[str, str]], entries: dict[tuple[str, ...], int] | None) -> float:
    from iletisim.monitoring.tone import lexicon_tone

    right = sum(
        lexicon_tone(case["text"], parse_query(case["query"]), entries).label == case["label"]
        for case in cases
    )
    return right / len(cases)


def main(xml: Path, cases_path: Path) -> None:
    cases = [json.loads(line) for line in cases_path.read_text("utf-8").splitlines() if line]
    print(f"own lexicon: {accuracy(cases, None):.4f}")
    for threshold in (0.25, 0.5, 0.75):
        entries = load(xml, threshold=threshold)
        print(
            f"SentiTurkNet |p-n| >= {threshold} ({len(entries)} stems): "
            f"{accuracy(cases, entries):.4f}"
        )


if __name__ == "__main__":
    import django

    django.setup()
    if len(sys.argv) != 3:
        sys.exit("usage: python -m iletisim.monitoring.tone.sentiturknet XML CASES.jsonl")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
