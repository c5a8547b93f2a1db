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


# What browsers read these labels as (the WHATWG Encoding Standard): Turkish pages and mails
# that declare ISO 8859-9 (or 8859-1) still write ’ “ ” – … with the Windows code page's
# bytes 0x80-0x9F, which the ISO tables leave as invisible control characters
# (`Kadıköy\x92de` instead of `Kadıköy’de`).
_AS_BROWSERS_READ = {
    **dict.fromkeys(
        ("iso-8859-9", "iso8859-9", "iso_8859-9", "iso88599", "latin5", "l5", "csisolatin5"),
        "cp1254",
    ),
    **dict.fromkeys(
        ("iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "latin1", "l1", "csisolatin1"),
        "cp1252",
    ),
}


def as_browsers_read(label: str) -> str | None:
    """The Windows code page browsers use for an ISO 8859-9/8859-1 label, else None."""
    return _AS_BROWSERS_READ.get(label.strip().lower())


def international_phone(number: str) -> str | None:
    """A phone number as WhatsApp wants it, digits in international form without "+":
    "0532 111 22 33", "532 111 22 33" and "+90 532 111 22 33" all give "905321112233"; "0049
    30 1234567" gives "49301234567". None for what cannot be a number."""
    digits = "".join(character for character in number if character.isdigit())
    if not number.strip().startswith("+"):  # "+" already leads the country code
        if digits.startswith("00"):
            digits = digits[2:]
        elif digits.startswith("0") and len(digits) == 11:
            digits = "90" + digits[1:]
        elif digits.startswith("5") and len(digits) == 10:
            digits = "90" + digits
    return digits if 8 <= len(digits) <= 15 and not digits.startswith("0") else None
