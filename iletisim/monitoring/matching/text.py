"""Tokenised, Turkish-folded news text that watch queries are evaluated against.

A `Document` keeps the text NFC-normalised (highlight spans refer to `Document.text`), a
lower-cased copy by Turkish rules and a folded copy without Turkish letters, all three of
the same length so that a position in one is a position in the others. Words are runs of
letters and digits; a suffix after an apostrophe (straight or curly: `Kadıköy'de`,
`Yılmaz’ın`) stays with its word but is kept apart from the word's base. Anything other
than white space between two words (a comma, a full stop, a dash) is a break that a phrase
may not cross.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from operator import add, sub

# The lower-casing of lib.turkish, done on a whole text at once and length-preserving:
# U+0130 (İ) is the only character whose str.lower() grows, and it is translated first.
_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_FOLD = str.maketrans(
    {
        "ç": "c",
        "ğ": "g",
        "ı": "i",
        "ö": "o",
        "ş": "s",
        "ü": "u",
        "â": "a",
        "î": "i",
        "û": "u",
        "é": "e",
        "è": "e",
        "ê": "e",
        "ë": "e",
        "á": "a",
        "à": "a",
        "ä": "a",
        "í": "i",
        "ó": "o",
        "ô": "o",
        "ú": "u",
        "ñ": "n",
    }
)
_FOLD_PAIRS = [(chr(k), v) for k, v in _FOLD.items()]
APOSTROPHES = "'’‘ʼ`´"
TOKEN = re.compile(r"(\w+)(?:[" + APOSTROPHES + r"](\w+))?")  # \w: letters, digits, _


def lower(text: str) -> str:
    """`lib.turkish.lower` without changing the length, so that spans stay valid (NFC text)."""
    lowered = text.replace("I", "ı").replace("İ", "i").lower()
    if len(lowered) != len(text):  # a character outside Turkish grew: lower it alone
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_LOWER))
    return lowered


def _strip_diacritics(lowered: str) -> str:
    # chained str.replace runs in C and is several times faster than str.translate here
    for letter, plain in _FOLD_PAIRS:
        if letter in lowered:
            lowered = lowered.replace(letter, plain)
    return lowered


def fold(text: str) -> str:
    """Lower-case and drop Turkish (and common Latin) diacritics, keeping the length."""
    return _strip_diacritics(lower(text))


def normalise(text: str) -> str:
    """NFC, without the stray combining dot a careless lower-casing of "İ" leaves behind."""
    return unicodedata.normalize("NFC", text).replace("i\u0307", "i")


class Tokens:
    """The words of a document as parallel lists, indexed by word number.

    `bases` are folded and stop before any apostrophe; `starts`/`ends` span the whole word, apostrophe
    suffix included; `apostrophe[i]` says a suffix follows one; `joined[i]` says only white
    space separates word i-1 from word i. Everything but `bases` is computed when first used.
    """

    def __init__(self, folded: str) -> None:
        # one C-level split gives [gap, base, apostrophe suffix, gap, base, suffix, ..., gap]
        parts = TOKEN.split(folded)
        self._parts = parts
        self.bases: list[str] = parts[1::3]
        self.apostrophe = [suffix is not None for suffix in parts[2::3]]

    @property
    def gaps(self) -> list[str]:
        """gaps[i]: what stands between word i-1 and word i (gaps[0]: before the first)."""
        return self._parts[0:-1:3]

    @cached_property
    def joined(self) -> list[bool]:
        """joined[i]: only white space between word i-1 and word i (a phrase may go on)."""
        return [False, *map(str.isspace, self._parts[3:-1:3])]

    def __len__(self) -> int:
        return len(self.bases)

    @cached_property
    def _suffix_lengths(self) -> list[int]:
        return [len(suffix) + 1 if suffix is not None else 0 for suffix in self._parts[2::3]]

    @cached_property
    def starts(self) -> list[int]:
        # C-level arithmetic over [gap, base, "'" + suffix, gap, ...] lengths: a word ends
        # where the running total of the spans so far ends, and starts its length earlier
        base_lengths = list(map(len, self.bases))
        spans = map(
            add, map(add, map(len, self._parts[0:-1:3]), base_lengths), self._suffix_lengths
        )
        ends = itertools.accumulate(spans)
        return list(map(sub, map(sub, ends, base_lengths), self._suffix_lengths))

    @cached_property
    def ends(self) -> list[int]:
        return [
            start + len(base) + (len(suffix) + 1 if suffix is not None else 0)
            for start, base, suffix in zip(self.starts, self.bases, self._parts[2::3], strict=True)
        ]

    @cached_property
    def words(self) -> set[str]:
        """Every folded letter run, apostrophe suffixes included."""
        found = set(self.bases)
        found.update(suffix for suffix in self._parts[2::3] if suffix is not None)
        return found


@dataclass
class Document:
    """A text prepared once and shared by every query evaluated against it."""

    text: str
    lowered: str = field(init=False)
    folded: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = normalise(self.text)
        self.lowered = lower(self.text)
        self.folded = _strip_diacritics(self.lowered)

    @cached_property
    def words(self) -> set[str]:
        """Every folded letter run, apostrophe suffixes included: what the pre-filter sees."""
        return self.tokens.words

    @cached_property
    def tokens(self) -> Tokens:
        return Tokens(self.folded)

    @cached_property
    def by_base(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for position, base in enumerate(self.tokens.bases):
            found = index.get(base)
            if found is None:
                index[base] = [position]
            else:
                found.append(position)
        return index

    @cached_property
    def sorted_bases(self) -> list[str]:
        return sorted(self.by_base)

    def bases_starting_with(self, prefix: str) -> list[str]:
        """The distinct folded word bases that start with `prefix`, from the sorted index."""
        bases = self.sorted_bases
        found = []
        for position in range(bisect.bisect_left(bases, prefix), len(bases)):
            if not bases[position].startswith(prefix):
                break
            found.append(bases[position])
        return found
