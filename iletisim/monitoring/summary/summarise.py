"""An extractive Turkish summariser: the lead sentence and the one or two key sentences.

No external service and no model: sentences are split with Turkish abbreviations and
numbers in mind, scored by how many of the text's frequent content words (Turkish-folded,
stop words dropped, the first five letters kept as a crude stem) and of the headline's
words they hold, and returned in their original order.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from django.utils.html import strip_tags

from iletisim.lib import turkish

MAX_HEADLINE = 300
MAX_SENTENCE = 220  # a phone screen: two or three short sentences
MAX_SUMMARY = 500

ABBREVIATIONS = {
    "dr", "prof", "doç", "doc", "av", "vb", "vs", "bkz", "mah", "cad", "sok", "no", "yy",
    "st", "apt", "ltd", "şti", "sti", "a.ş", "as", "t.c", "tc", "mr", "ms", "op", "uzm",
    "yrd", "gen", "org", "alb", "bşk", "bsk", "md", "müd", "mud", "tel", "s", "sn",
}  # fmt: skip

STOP_WORDS = {
    "ve", "ile", "de", "da", "bu", "bir", "için", "icin", "olarak", "ama", "fakat", "çok",
    "cok", "daha", "en", "gibi", "ki", "mi", "mı", "mu", "mü", "ne", "o", "şu", "su", "her",
    "olan", "oldu", "olduğu", "oldugu", "ise", "ya", "veya", "kadar", "sonra", "önce",
    "once", "göre", "gore", "tarafından", "tarafindan", "ancak", "hem", "diye", "dedi",
    "ifade", "etti", "şekilde", "sekilde", "yapılan", "yapilan", "bin", "yüzde", "yuzde",
    "olduğunu", "oldugunu", "belirtti", "söyledi", "soyledi", "açıkladı", "acikladi",
}  # fmt: skip

_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Text decoded as Latin-1 when it was Windows-1254/1252 leaves C1 controls where the curly
# quotes and dashes were (U+0093 for “): put the characters back.
_C1 = {chr(c): bytes([c]).decode("cp1252", errors="replace") for c in range(0x80, 0xA0)}
_C1_RE = re.compile("[\x80-\x9f]")
_WORD = re.compile(r"\w+", re.UNICODE)
# A candidate break: ., ! or ? (and closing quotes) followed by space and an upper-case
# letter, a digit or an opening quote.
_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-ZÇĞİÖŞÜ0-9])")


def clean(text: str | None) -> str:
    """Plain text from whatever a page gave us: tags dropped, entities decoded, one space."""
    if not text:
        return ""
    text = strip_tags(html.unescape(strip_tags(text)))
    text = _C1_RE.sub(lambda m: "" if _C1[m.group()] == "\ufffd" else _C1[m.group()], text)
    return _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


def clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def headline(title: str | None, text: str | None = None) -> str:
    """A headline of at most 300 characters; the text's first sentence when there is none."""
    title = clean(title)
    if not title:
        sentences = split_sentences(clean(text))
        title = sentences[0] if sentences else ""
    return clip(title, MAX_HEADLINE)


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _BREAK.finditer(text):
        candidate = text[start : match.start()].strip()
        last_word = candidate.rsplit(" ", 1)[-1].rstrip(".").lower()
        if last_word in ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue  # "Dr. Ayşe", "A. Yılmaz": not a sentence end
        if candidate:
            sentences.append(candidate)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _without_headline(body: str, title: str) -> str:
    """The text without the headline it often starts with (feeds and print OCR repeat it)."""
    after = body[len(title) : len(title) + 2]
    # The headline must end where a word ends: not "200" of "200.000", not "Kadıköy" of "Kadıköy'de".
    at_word_end = not after or not (
        after[0].isalnum() or (after[0] in ".,'’" and after[1:].isalnum())
    )
    if len(title) >= 15 and at_word_end and turkish.fold(body[: len(title)]) == turkish.fold(title):
        rest = body[len(title) :].lstrip(" .:-–—")
        return rest or body
    return body


def _terms(text: str) -> list[str]:
    words = _WORD.findall(turkish.fold(text))
    return [w[:5] for w in words if len(w) > 2 and w not in STOP_WORDS and not w.isdigit()]


def summarise(text: str | None, title: str | None = "", *, sentences: int = 3) -> str:
    """Two or three sentences: the lead, then the best-scoring others, in reading order."""
    body = _without_headline(clean(text), clean(title))
    parts = [clip(s, MAX_SENTENCE) for s in split_sentences(body)]
    # A dateline or agency line ("İSTANBUL (AA) -") is part of the lead, not a sentence.
    parts = [p for p in parts if len(_WORD.findall(p)) >= 3] or parts
    if len(parts) <= sentences:
        return clip(" ".join(parts), MAX_SUMMARY)
    frequencies = Counter(term for part in parts for term in set(_terms(part)))
    title_terms = set(_terms(clean(title)))
    scores: list[tuple[float, int]] = []
    for index, part in enumerate(parts[1:], start=1):
        terms = _terms(part)
        if not terms:
            continue
        weight = sum(frequencies[t] for t in set(terms)) / (len(terms) ** 0.5)
        weight += 2.0 * len(title_terms & set(terms))
        weight += 1.0 / index  # earlier sentences carry more of the news
        scores.append((weight, index))
    chosen = sorted(index for _score, index in sorted(scores, reverse=True)[: sentences - 1])
    return clip(" ".join([parts[0], *(parts[i] for i in chosen)]), MAX_SUMMARY)
