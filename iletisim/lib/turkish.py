"""Turkish text handling: case rules, folding of Turkish letters, slugs.

Python's str.lower() maps "I" to "i" and "İ" to "i" + U+0307; Turkish maps "I" to "ı" and
"İ" to "i". Everything that compares or stores Turkish text for search goes through here.
"""

from __future__ import annotations

import unicodedata

from django.utils.text import slugify

# Chains of str.replace, not str.translate with a dict: translate looks every character up
# in the dict in turn and costs ~30 times more on an article (it showed in the ingestion
# profile, where every article is folded).
_ASCII = (
    ("ç", "c"), ("ğ", "g"), ("ı", "i"), ("ö", "o"), ("ş", "s"), ("ü", "u"), ("â", "a"),
    ("î", "i"), ("û", "u"),
)  # fmt: skip


def lower(text: str) -> str:
    """Lower-case by Turkish rules: "IŞIK" -> "ışık", "İSTANBUL" -> "istanbul"."""
    return unicodedata.normalize("NFC", text).replace("I", "ı").replace("İ", "i").lower()


def upper(text: str) -> str:
    """Upper-case by Turkish rules: "istanbul" -> "İSTANBUL", "ışık" -> "IŞIK"."""
    return unicodedata.normalize("NFC", text).replace("i", "İ").replace("ı", "I").upper()


def fold(text: str) -> str:
    """Lower-case and drop Turkish diacritics, so "KADIKÖY" and "kadikoy" compare equal."""
    text = lower(text)
    for letter, plain in _ASCII:
        text = text.replace(letter, plain)
    return text


def slug(text: str, max_length: int = 80) -> str:
    """A URL slug that keeps Turkish letters readable ("Çöp Toplama" -> "cop-toplama").

    Django's slugify drops "ı" and friends; transliterating first keeps the word intact.
    """
    return slugify(fold(text))[:max_length].strip("-")
