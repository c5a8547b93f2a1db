"""A small grammar of Turkish noun inflection, to tell `Başkanın` (the mayor's) from
`Yılmazer` (another surname).

A query word matches a longer text word only when the rest is a sequence of inflectional
suffixes in their grammatical order:

    stem [+ plural -lAr] [+ possessive] [+ case] [+ -ki [+ -lAr] [+ case]] [+ copula]

- plural: -lAr;
- possessive: -(I)m, -(I)n, -(s)I, -(I)mIz, -(I)nIz (after the plural: -Im, -In, -I, -ImIz,
  -InIz); after a third-person possessive a case takes the pronominal -n- (`belediyesinden`);
- case: accusative -(y)I, dative -(y)A, locative -DA, ablative -DAn, genitive -(n)In,
  instrumental -(y)lA, equative -CA;
- -ki after the locative or genitive (`belediyedeki`, `başkanınki`);
- copula and personal endings: -DIr, -(y)DI, -(y)mIş, -(y)sA, -(y)ken, -(y)Im, -sIn,
  -(y)Iz, -sInIz.

Archiphonemes follow the usual harmony: A is a/e after a back/front vowel; I is ı/i/u/ü by
backness and rounding; D is d, or t after a voiceless consonant (f, s, t, k, ç, ş, h, p);
C is c or ç likewise; (y), (n), (s) appear after a vowel, (I) after a consonant. Before a
vowel-initial suffix a final p/ç/t/k may soften to b/c/d/ğ (`kitabı`, `çocuğu`, `rengi`),
a short list of words drop their last vowel (`şehir` → `şehri`) and another doubles its last
consonant (`zam` → `zammı`, `hak` → `hakkı`).

The last word of a phrase that carries the compound marker, the third-person possessive
-(s)I of a noun compound (`belediye başkanı`, `çöp konteyneri`), also matches the compound's
plural, which puts -lAr before the marker: `belediye başkanları`, `çöp konteynerlerinin`
(`compound_heads`: the noun under the marker, a softened or vowel-dropped stem given back
its plain form, `kitabı` → `kitap`, `şehri` → `şehir`).

Derivational suffixes (-lI, -lIk, -CI, -sIz, compounds such as `Belediyespor`) are not
inflection: such a word is a different word and does not match.

Words are compared after folding, since a text may lack Turkish letters
(`kadikoy belediyesinden`): `i` may stand for `ı`, `o` for `ö`, `u` for `ü`, `c` for `ç`, `s`
for `ş`, `g` for `ğ`, and harmony is checked against every reading the folded letters allow,
starting from the stem's letters as the query typed them. (`inflects(strict=True)` compares
Turkish letters exactly; the matcher does not use it, as it rejected nothing more on our cases
and costs a second look at the text.)
"""

from __future__ import annotations

from functools import lru_cache

from iletisim.monitoring.matching.text import _FOLD

BACK = frozenset("aıou")
FRONT = frozenset("eiöü")
ROUNDED = frozenset("oöuü")
VOWELS = frozenset("aeıioöuüâîû")
VOICELESS = frozenset("fstkçşhp")
SOFTENING = {"p": "b", "ç": "c", "t": "d", "k": "ğ"}
# Folded letters stand for either of their Turkish readings in text typed without them.
READINGS = {"i": "ıi", "o": "oö", "u": "uü", "c": "cç", "s": "sş", "g": "gğ"}
# Words that drop their last vowel before a vowel-initial suffix (lower-case, Turkish).
VOWEL_DROPPING = {
    "ağız": "ağz",
    "akıl": "akl",
    "alın": "aln",
    "asır": "asr",
    "beyin": "beyn",
    "boyun": "boyn",
    "burun": "burn",
    "emir": "emr",
    "fikir": "fikr",
    "gönül": "gönl",
    "hüküm": "hükm",
    "isim": "ism",
    "kayıt": "kayd",
    "kısım": "kısm",
    "metin": "metn",
    "nehir": "nehr",
    "oğul": "oğl",
    "ömür": "ömr",
    "resim": "resm",
    "sabır": "sabr",
    "şehir": "şehr",
    "şekil": "şekl",
    "vakit": "vakt",
    "zihin": "zihn",
}

# Words of Arabic origin that double their last consonant before a vowel-initial suffix.
CONSONANT_DOUBLING = {
    "af": "aff",
    "hac": "hacc",
    "had": "hadd",
    "hak": "hakk",
    "hat": "hatt",
    "his": "hiss",
    "rab": "rabb",
    "ret": "redd",
    "sır": "sırr",
    "şer": "şerr",
    "tıp": "tıbb",
    "üs": "üss",
    "zam": "zamm",
    "zan": "zann",
}

PLURAL = ("lAr",)
POSSESSIVE = ("(I)m", "(I)n", "(I)mIz", "(I)nIz")
POSSESSIVE_3 = ("(s)I",)
CASE = ("(y)I", "(y)A", "DAn", "(y)lA", "CA")
CASE_KI = ("DA", "(n)In")  # may take -ki
PRONOMINAL_CASE = ("nI", "nA", "nDAn", "(y)lA", "nCA")
PRONOMINAL_CASE_KI = ("nDA", "nIn")
COPULA = ("DIr", "(y)DI", "(y)mIş", "(y)sA", "(y)ken", "(y)Im", "sIn", "(y)Iz", "sInIz")

# state -> [(suffixes, next state)]; every state may also end the word.
GRAMMAR: dict[str, list[tuple[tuple[str, ...], str]]] = {
    "stem": [
        (PLURAL, "plural"),
        (POSSESSIVE, "possessive"),
        (POSSESSIVE_3, "possessive3"),
        (CASE, "case"),
        (CASE_KI, "case_ki"),
        # a query word that already carries a possessive (`Belediyesi`, `Başkanı`)
        (PRONOMINAL_CASE, "case"),
        (PRONOMINAL_CASE_KI, "case_ki"),
        (COPULA, "copula"),
    ],
    "plural": [
        (("Im", "In", "ImIz", "InIz"), "possessive"),
        (("I",), "possessive3"),
        (CASE, "case"),
        (CASE_KI, "case_ki"),
        (COPULA, "copula"),
    ],
    "possessive": [(CASE, "case"), (CASE_KI, "case_ki"), (COPULA, "copula")],
    "possessive3": [
        (PRONOMINAL_CASE, "case"),
        (PRONOMINAL_CASE_KI, "case_ki"),
        (COPULA, "copula"),
    ],
    "case_ki": [(("ki",), "ki"), (COPULA, "copula")],
    "case": [(COPULA, "copula")],
    "ki": [
        (PLURAL, "ki_plural"),
        (("nI", "nA", "nDA", "nDAn", "nIn", "(y)lA"), "case"),
        (COPULA, "copula"),
    ],
    "ki_plural": [(CASE, "case"), (CASE_KI, "case"), (COPULA, "copula")],
    "copula": [],
    # the plural of a compound's head: -lAr, then the compound marker again
    "compound": [(PLURAL, "compound_plural")],
    "compound_plural": [(("I",), "possessive3"), (("Im", "In", "ImIz", "InIz"), "possessive")],
}
# States a word may not end in: a compound's head alone, or with the plural but without the
# marker, is another noun (`başkan`, `başkanlar`), not the compound.
NON_FINAL = frozenset({"compound", "compound_plural"})
UNDROPPED = {dropped: full for full, dropped in VOWEL_DROPPING.items()}
UNSOFTENED = {"b": "p", "c": "ç"}  # `d` and `ğ` end many native stems (ad, dağ): left alone


def _high_vowel(last: str) -> str:
    back = last in BACK or last == "â" or last == "û"
    rounded = last in ROUNDED or last == "û"
    if back:
        return "u" if rounded else "ı"
    return "ü" if rounded else "i"


@lru_cache(maxsize=4096)
def _realise(template: str, vowel: str, last: str) -> tuple[str, str, str]:
    """The surface form of a suffix template after a stem ending in `last` whose last vowel
    is `vowel`; returns (surface, new last vowel, new last letter)."""
    out = []
    position = 0
    while position < len(template):
        if template.startswith("(", position):
            letter = template[position + 1]
            position += 3
            ends_in_vowel = last in VOWELS
            if letter == "I":
                if not ends_in_vowel:
                    vowel = _high_vowel(vowel)
                    out.append(vowel)
                    last = vowel
            elif ends_in_vowel:
                out.append(letter)
                last = letter
            continue
        letter = template[position]
        position += 1
        if letter == "A":
            letter = "a" if vowel in BACK or vowel in "âû" else "e"
        elif letter == "I":
            letter = _high_vowel(vowel)
        elif letter == "D":
            letter = "t" if last in VOICELESS else "d"
        elif letter == "C":
            letter = "ç" if last in VOICELESS else "c"
        if letter in VOWELS:
            vowel = letter
        out.append(letter)
        last = letter
    return "".join(out), vowel, last


@lru_cache(maxsize=100_000)
def _parses(rest: str, state: str, vowel: str, last: str, strict: bool) -> bool:
    if not rest:
        return state not in NON_FINAL
    for templates, next_state in GRAMMAR[state]:
        for template in templates:
            surface, new_vowel, new_last = _realise(template, vowel, last)
            if not surface:
                continue
            compared = surface if strict else surface.translate(_FOLD)
            if rest.startswith(compared) and _parses(
                rest[len(compared) :], next_state, new_vowel, new_last, strict
            ):
                return True
    return False


def _readings(stem: str, strict: bool) -> list[tuple[str, str]]:
    """(last vowel, last letter) readings of a lower-case stem."""
    vowel = next((c for c in reversed(stem) if c in VOWELS), "")
    last = stem[-1]
    if strict:
        vowels, lasts = (vowel or "ae"), last
    else:
        vowels = READINGS.get(vowel, vowel) or "aeıioöuü"
        lasts = READINGS.get(last, last)
    return [(v, letter) for v in vowels for letter in lasts]


def stem_variants(stem: str) -> list[tuple[str, bool]]:
    """The lower-case forms a stem can take in a word: itself, and before a vowel-initial
    suffix its softened or vowel-dropped form; (form, needs a vowel after it)."""
    variants = [(stem, False)]
    if stem in VOWEL_DROPPING:
        variants.append((VOWEL_DROPPING[stem], True))
    if stem in CONSONANT_DOUBLING:
        variants.append((CONSONANT_DOUBLING[stem], True))
    if len(stem) > 2 and stem[-1] in SOFTENING:
        softened = stem[:-1] + ("g" if stem.endswith("nk") else SOFTENING[stem[-1]])
        variants.append((softened, True))
    return variants


def compound_heads(word: str) -> tuple[str, ...]:
    """The noun under the compound marker of a lower-case word (`başkanı` → `başkan`,
    `belediyesi` → `belediye`, `kitabı` → `kitap`, `şehri` → `şehir`); empty when the word
    does not end in a marker that harmonises with it."""
    if len(word) < 3 or word[-1] not in "ıiuü":
        return ()
    candidates = []
    if word[-2] == "s" and word[-3] in VOWELS:
        candidates.append(word[:-2])  # -sI after a vowel: `belediye-si`
    if word[-2] not in VOWELS:
        candidates.append(word[:-1])  # -I after a consonant: `başkan-ı` (or `ses-i`)
    heads: list[str] = []
    for head in candidates:
        vowel = next((c for c in reversed(head) if c in VOWELS), "")
        if not vowel or _high_vowel(vowel) != word[-1]:
            continue
        if head in UNDROPPED:
            heads.append(UNDROPPED[head])
        elif head[-1] in UNSOFTENED:
            heads += [head[:-1] + UNSOFTENED[head[-1]], head]
        else:
            heads.append(head)
    return tuple(heads)


@lru_cache(maxsize=200_000)
def inflects_compound(heads: tuple[str, ...], word_folded: str) -> bool:
    """Whether a folded text word is the plural of a compound with one of these heads (see
    `compound_heads`), with any further case or copula: `başkanları`, `konteynerlerinin`."""
    for head in heads:
        folded = head.translate(_FOLD)
        if not word_folded.startswith(folded):
            continue
        rest = word_folded[len(folded) :]
        for vowel, last in _readings(head, False):
            if _parses(rest, "compound", vowel, last, False):
                return True
    return False


@lru_cache(maxsize=200_000)
def inflects(stem: str, word_folded: str, word_lower: str, strict: bool) -> bool:
    """Whether a text word (folded and lower-case) is the lower-case `stem` plus inflection.

    `strict` when the text uses Turkish letters, so the suffix letters can be trusted.
    """
    for variant, needs_vowel in stem_variants(stem):
        folded = variant.translate(_FOLD)
        if not word_folded.startswith(folded):
            continue
        rest = (word_lower if strict else word_folded)[len(folded) :]
        if not rest:
            if needs_vowel:
                continue
            return True
        if needs_vowel and rest[0].translate(_FOLD) not in "aeiou":
            continue
        stem_letters = word_lower[: len(folded)] if strict else variant
        for vowel, last in _readings(stem_letters, strict):
            if _parses(rest, "stem", vowel, last, strict):
                return True
    return False
