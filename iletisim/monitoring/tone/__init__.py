"""Tone towards the municipality: positive, neutral or negative, with a confidence.

The baseline reads the words around the query's hits (the context window), not the whole
article, and weighs them with a small committed lexicon (`data/tone/lexicon.tsv`, written
for İletişim, CC0). A negation right after a coloured word (`değil`, `yok`) flips it. The
confidence grows with how one-sided and how plentiful the evidence is; it is a heuristic
score between 0.5 and 0.95, not a probability. Once the analysts have corrected enough tones,
`monitoring_retrain` trains a model on their labels (`model.py`) and switches it in if it is
not worse on held-back corrections; `score_tone` then uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.matching import Document, Query, highlights
from iletisim.monitoring.matching.text import fold
from iletisim.monitoring.tone.model import Sample, get_model

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


_SENTENCE_END = re.compile(r"[.!?…]\s|\n")


def _sentence_starts(document: Document) -> list[bool]:
    """starts[i]: word i begins a sentence (the gap before it ends one: ". ", "! ", a line)."""
    return [True, *(bool(_SENTENCE_END.search(gap)) for gap in document.tokens.gaps[1:])]


def _window(document: Document, query: Query | None) -> list[int]:
    """Word indexes around the query's hits, within the hit's sentence and at most WINDOW
    words either side; the whole text when there is no hit."""
    count = len(document.tokens)
    if query is None:
        return list(range(count))
    spans = highlights(query, document)
    if not spans:
        return list(range(count))
    starts = document.tokens.starts
    begins = _sentence_starts(document)
    chosen: set[int] = set()
    for start, end in spans:
        hit = [i for i, position in enumerate(starts) if start <= position < end]
        if not hit:
            continue
        left = hit[0]
        while left > max(0, hit[0] - WINDOW) and not begins[left]:
            left -= 1
        right = hit[-1]
        while right < min(count - 1, hit[-1] + WINDOW) and not begins[right + 1]:
            right += 1
        chosen.update(range(left, right + 1))
    return sorted(chosen)


def _evidence(
    document: Document, indexes: list[int], entries: dict[tuple[str, ...], int]
) -> tuple[float, float, list[str]]:
    """Positive and negative weight of the coloured words at these word indexes."""
    bases = document.tokens.bases
    longest = max(len(stem) for stem in entries)
    positive = negative = 0.0
    evidence: list[str] = []
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
    return positive, negative, evidence


def lexicon_tone(
    text: str | Document,
    query: Query | None = None,
    entries: dict[tuple[str, ...], int] | None = None,
) -> Tone:
    """The baseline: the lexicon's evidence in the context window (`entries` lets the
    evaluation try another lexicon, such as SentiTurkNet's)."""
    document = text if isinstance(text, Document) else Document(text)
    positive, negative, evidence = _evidence(
        document, _window(document, query), entries or lexicon()
    )
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


def sample(text: str | Document, query: Query | None = None) -> Sample:
    """What the analysts' model reads: the window's folded words and the lexicon's evidence."""
    document = text if isinstance(text, Document) else Document(text)
    indexes = _window(document, query)
    positive, negative, _evidence_words = _evidence(document, indexes, lexicon())
    words = " ".join(document.tokens.bases[index] for index in indexes)
    return Sample(words, positive, negative)


def score_tone(text: str | Document, query: Query | None = None) -> Tone:
    """The tone in use: the analysts' model once `monitoring_retrain` has switched one in,
    else the lexicon baseline."""
    document = text if isinstance(text, Document) else Document(text)
    baseline = lexicon_tone(document, query)
    trained = get_model()
    if trained is None:
        return baseline
    label, confidence = trained.predict([sample(document, query)])[0]
    return Tone(label, confidence, baseline.score, baseline.evidence)


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
