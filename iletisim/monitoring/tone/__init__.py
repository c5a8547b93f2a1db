"""Tone towards the municipality: positive, neutral or negative, with a confidence.

The baseline reads the words around the query's hits (the context window), not the whole
article, and weighs them with a small committed lexicon (`data/tone/lexicon.tsv`, written
for İletişim, CC0). A negation right after a coloured word (`değil`, `yok`) flips it. The
confidence grows with how one-sided and how plentiful the evidence is; it is a heuristic
score between 0.5 and 0.95, not a probability. A model trained on the analysts' own labels
is to replace this baseline once there are enough of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.matching import Document, Query, highlights
from iletisim.monitoring.matching.text import fold

LEXICON = Path(__file__).resolve().parent.parent / "data" / "tone" / "lexicon.tsv"
WINDOW = 15  # words either side of a hit
NEGATIONS = frozenset({"degil", "yok", "olmadi", "olmuyor", "olmayacak"})
LABELS = {"positive": _("Positive"), "neutral": _("Neutral"), "negative": _("Negative")}


@dataclass(frozen=True)
class Tone:
    label: str  # positive, neutral, negative
    confidence: float
    score: float  # -1 (all negative evidence) .. +1 (all positive)
    evidence: list[str] = field(default_factory=list)  # the coloured words found


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, ...], int]:
    """Folded stems (as word tuples: some entries are two words) and their weights."""
    entries: dict[tuple[str, ...], int] = {}
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        stem, weight = line.rsplit("\t", 1)
        entries[tuple(fold(stem).split())] = int(weight)
    return entries


def _window(document: Document, query: Query | None) -> list[int]:
    """Word indexes around the query's hits; the whole text when there is no hit."""
    count = len(document.tokens)
    if query is None:
        return list(range(count))
    spans = highlights(query, document)
    if not spans:
        return list(range(count))
    starts = document.tokens.starts
    chosen: set[int] = set()
    for start, end in spans:
        hit = [i for i, position in enumerate(starts) if start <= position < end]
        if hit:
            chosen.update(range(max(0, hit[0] - WINDOW), min(count, hit[-1] + WINDOW + 1)))
    return sorted(chosen)


def score_tone(text: str | Document, query: Query | None = None) -> Tone:
    document = text if isinstance(text, Document) else Document(text)
    bases = document.tokens.bases
    entries = lexicon()
    longest = max(len(stem) for stem in entries)
    positive = negative = 0.0
    evidence: list[str] = []
    indexes = _window(document, query)
    inside = set(indexes)
    for index in indexes:
        best: tuple[tuple[str, ...], int] | None = None
        for size in range(longest, 0, -1):
            words = bases[index : index + size]
            if len(words) < size or not inside.issuperset(range(index, index + size)):
                continue
            for stem, weight in _candidates(entries, tuple(words)):
                if best is None or len("".join(stem)) > len("".join(best[0])):
                    best = (stem, weight)
        if best is None:
            continue
        weight = best[1]
        following = bases[index + len(best[0]) : index + len(best[0]) + 2]
        if NEGATIONS.intersection(following):
            weight = -weight
        if weight > 0:
            positive += weight
        else:
            negative -= weight
        evidence.append(" ".join(bases[index : index + len(best[0])]))
    total = positive + negative
    if total == 0:
        return Tone("neutral", 0.5, 0.0, [])
    polarity = (positive - negative) / total
    amount = min(1.0, total / 4)
    if polarity > 0.25:
        label = "positive"
    elif polarity < -0.25:
        label = "negative"
    else:
        label = "neutral"
    strength = abs(polarity) if label != "neutral" else 1 - abs(polarity)
    confidence = round(min(0.95, 0.5 + 0.45 * strength * amount), 2)
    return Tone(label, confidence, round(polarity, 2), evidence)


def _candidates(
    entries: dict[tuple[str, ...], int], words: tuple[str, ...]
) -> list[tuple[tuple[str, ...], int]]:
    """Lexicon entries that match these words: every word but the last exactly, the last as
    a prefix (a stem)."""
    found = []
    *head, last = words
    for length in range(len(last), 2, -1):
        stem = (*head, last[:length])
        if stem in entries:
            found.append((stem, entries[stem]))
            break
    return found
