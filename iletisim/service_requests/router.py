"""The explainable router: which directorate should handle a request, how sure, and why.

Three layers, strongest first:
1. the desk's explicit `RoutingRule`s (category / neighbourhood / keyword -> unit);
2. keyword matching against the category catalogue and each unit's `subjects` (the day-one
   "cold start": it needs nothing but what the migrations create). Matching is done on
   Turkish-folded text, tolerates suffixes ("çukurları"), consonant softening ("sokağı"),
   one typo in longer words, capitals and text typed without Turkish letters;
3. a naive Bayes text classifier learnt from how the desk actually routed requests
   (`requests_train_router`), blended in once it exists.

Everything is plain Python: the catalogue is small, and a reason a person can read ("matched
'çukur', 'asfalt' in category Yolda çukur") matters more here than a few points of accuracy.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.utils.translation import gettext as _

from iletisim.lib.turkish import fold

_WORD = re.compile(r"[a-z0-9]+")
_SOFTENED = {"p": "b", "c": "c", "t": "d", "k": "g"}  # kitap/kitabı, ağaç/ağacı, sokak/sokağı
_STOP = frozenset(
    [
        "ve",
        "veya",
        "ile",
        "bir",
        "bu",
        "su",
        "o",
        "da",
        "de",
        "mi",
        "mu",
        "icin",
        "gibi",
        "cok",
        "daha",
        "en",
        "ama",
        "ben",
        "biz",
        "siz",
        "var",
        "yok",
        "olan",
        "oldu",
        "olarak",
        "her",
        "hic",
        "ne",
        "nasil",
        "neden",
        "lutfen",
        "rica",
        "ediyorum",
        "acil",
        "sayin",
        "belediye",
        "belediyesi",
        "mahallesi",
        "mahalle",
        "sokak",
        "sokagi",
        "cadde",
        "caddesi",
        "no",
    ]
) - {"su"}  # "şu" folds to "su" (water), which is a subject
# Short keywords ("çöp", "bar", "kar") match only with a common suffix, not as any prefix:
# "kar" must not match "karanlık".
_SHORT_SUFFIXES = frozenset(
    [
        "i",
        "u",
        "e",
        "a",
        "in",
        "un",
        "de",
        "da",
        "te",
        "ta",
        "den",
        "dan",
        "ten",
        "tan",
        "le",
        "la",
        "yi",
        "yu",
        "ye",
        "ya",
        "nin",
        "nun",
        "ler",
        "lar",
        "leri",
        "lari",
        "lerin",
        "larin",
        "lerde",
        "larda",
        "lere",
        "lara",
        "umuz",
        "imiz",
        "umuzu",
        "imizi",
        "luk",
        "lik",
        "lu",
        "li",
    ]
)
# The central desk's own subjects describe its work, not a place to route to.
_DESK_UNITS = frozenset({"basin-halkla-iliskiler", "basin-yayin", "halkla-iliskiler"})
FALLBACK_UNIT = "basin-halkla-iliskiler"
SUBJECT_WEIGHT = 0.8  # a unit's subjects are broader than a category's own keywords


def normalise(text: str) -> list[str]:
    """Folded word tokens; letters repeated three times or more are squeezed ("cooook")."""
    folded = re.sub(r"(.)\1{2,}", r"\1", fold(text))
    return _WORD.findall(folded)


def _within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one substitution, insertion, deletion or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def token_matches(key: str, token: str) -> bool:
    """Does a text token carry the keyword token (with a suffix, softened, or one typo)?"""
    if token.startswith(key):
        return token == key or len(key) >= 4 or token[len(key) :] in _SHORT_SUFFIXES
    if len(key) >= 4 and key[-1] in _SOFTENED and token.startswith(key[:-1]):
        rest = token[len(key) - 1 :]
        return rest[:1] == _SOFTENED[key[-1]]
    if len(key) >= 5 and token[:2] == key[:2]:
        # One typo in the word itself; what follows must still look like a suffix, or a
        # cut-off prefix would add a second difference ("kirik" is not "kirli").
        for cut in (len(key) - 1, len(key), len(key) + 1):
            rest = token[cut:]
            if (
                cut <= len(token)
                and (cut >= len(key) or not rest or rest in _SHORT_SUFFIXES)
                and _within_one_edit(key, token[:cut])
            ):
                return True
    return False


@dataclass(frozen=True)
class Keyword:
    text: str
    tokens: tuple[str, ...]
    weight: float


def parse_keywords(raw: str, weight: float = 1.0) -> list[Keyword]:
    """ "çukur, bozuk yol, teşekkür:0.4" -> keywords; multi-word phrases weigh more."""
    found = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        text, _sep, w = part.partition(":")
        tokens = tuple(t for t in normalise(text) if t not in _STOP)
        if not tokens:
            continue
        base = float(w) if w else 1.0
        found.append(Keyword(text.strip(), tokens, base * weight * (1 + 0.5 * (len(tokens) - 1))))
    return found


@dataclass
class Target:
    """Something text can be matched to: a category (with its unit) or a unit's subjects."""

    unit: str
    label: str
    keywords: list[Keyword]
    category_id: int | None = None


@dataclass
class Proposal:
    unit: str
    confidence: float
    reason: str
    category_id: int | None = None
    scores: dict[str, float] = field(default_factory=dict)


class Router:
    def __init__(
        self,
        targets: list[Target],
        learnt: dict[str, Any] | None = None,
        rules: list[Any] | None = None,
    ):
        self.targets = targets
        self.learnt = learnt
        self.rules = rules or []
        # Keywords by the first two letters of their first word: a text is only checked
        # against the keywords that can begin in it (see keyword_scores).
        self._by_start: dict[str, list[tuple[int, int, Keyword]]] = defaultdict(list)
        for index, target in enumerate(targets):
            for position, keyword in enumerate(target.keywords):
                first = keyword.tokens[0]
                self._by_start[first[:2] if len(first) >= 2 else ""].append(
                    (index, position, keyword)
                )

    # --- keyword layer ------------------------------------------------------------------
    def keyword_scores(self, tokens: list[str]) -> list[tuple[float, Target, list[str]]]:
        # A token can carry a key only if it begins with the key's first two letters (a
        # suffix, a softened last consonant and a typo all leave them): only those tokens
        # are tried.
        by_start: dict[str, list[str]] = defaultdict(list)
        for token in sorted(set(tokens)):
            by_start[token[:2]].append(token)
        cache: dict[str, bool] = {}

        def present(key: str) -> bool:
            found = cache.get(key)
            if found is None:
                found = cache[key] = any(token_matches(key, t) for t in _candidates(key))
            return found

        def _candidates(key: str) -> list[str]:
            if len(key) >= 2:
                return by_start.get(key[:2], [])
            return [t for group in by_start.values() for t in group if t.startswith(key)]

        matched = sorted(
            (index, position, keyword)
            for start in (*by_start, "")
            for index, position, keyword in self._by_start.get(start, ())
            if all(present(k) for k in keyword.tokens)
        )
        results: list[tuple[float, Target, list[str]]] = []
        for index, group in groupby(matched, key=lambda match: match[0]):
            keywords = [keyword for _index, _position, keyword in group]
            score = sum(kw.weight for kw in keywords)
            if score:
                results.append((score, self.targets[index], [kw.text for kw in keywords]))
        results.sort(key=lambda r: -r[0])
        return results

    # --- learnt layer -------------------------------------------------------------------
    def learnt_probabilities(self, tokens: list[str]) -> dict[str, float]:
        model = self.learnt
        if not model:
            return {}
        features = features_of(tokens)
        vocab = model["vocabulary"]
        logs = {}
        for unit, prior in model["priors"].items():
            counts = model["counts"][unit]
            total = model["totals"][unit] + vocab
            lp = math.log(prior)
            for f in features:
                lp += math.log((counts.get(f, 0) + 1) / total)
            logs[unit] = lp
        top = max(logs.values())
        exp = {u: math.exp(v - top) for u, v in logs.items()}
        norm = sum(exp.values())
        return {u: v / norm for u, v in exp.items()}

    # --- the decision -------------------------------------------------------------------
    def route(
        self,
        text: str,
        *,
        category: Any = None,
        neighbourhood_id: int | None = None,
    ) -> Proposal:
        folded = " ".join(normalise(text))
        for rule in self.rules:
            if rule.category_id and (category is None or rule.category_id != category.pk):
                continue
            if rule.neighbourhood_id and rule.neighbourhood_id != neighbourhood_id:
                continue
            if rule.keyword and fold(rule.keyword) not in folded:
                continue
            return Proposal(rule.unit.code, 1.0, _("rule: %(rule)s") % {"rule": rule})

        tokens = [t for t in normalise(text) if t not in _STOP]
        ranked = self.keyword_scores(tokens)
        unit_scores: dict[str, float] = defaultdict(float)
        best_for_unit: dict[str, tuple[Target, list[str]]] = {}
        for score, target, hits in ranked:
            if target.unit not in best_for_unit:
                best_for_unit[target.unit] = (target, hits)
                unit_scores[target.unit] += score
            else:
                unit_scores[target.unit] += 0.25 * score  # more evidence, not double counting
        if category is not None:
            unit_scores[category.default_unit.code] += 1.5

        total = sum(unit_scores.values())
        blended = {u: s / total for u, s in unit_scores.items()} if total else {}
        learnt = self.learnt_probabilities(tokens)
        if learnt:
            weight = 0.4 if blended else 1.0
            blended = {
                u: (1 - weight) * blended.get(u, 0.0) + weight * learnt.get(u, 0.0)
                for u in set(blended) | set(learnt)
            }
        if not blended:
            return Proposal(FALLBACK_UNIT, 0.0, _("no keyword matched: the desk decides"))

        unit = max(blended, key=lambda u: blended[u])
        confidence = round(blended[unit], 2)
        reasons = []
        if category is not None and category.default_unit.code == unit:
            reasons.append(_("chosen category «%(name)s»") % {"name": category.name})
        category_id = None
        if unit in best_for_unit:
            target, hits = best_for_unit[unit]
            category_id = target.category_id
            reasons.append(
                _("matched %(words)s in %(target)s")
                % {"words": ", ".join(f"«{h}»" for h in hits[:4]), "target": target.label}
            )
        if learnt:
            reasons.append(
                _("learnt from the desk's routing (%(share)s)")
                % {"share": f"{learnt.get(unit, 0):.0%}"}
            )
        return Proposal(unit, confidence, "; ".join(reasons), category_id, dict(blended))


def features_of(tokens: list[str]) -> list[str]:
    """Features for the learnt layer: 5-letter stems, so suffixes do not split the counts."""
    return [t[:5] for t in tokens if len(t) >= 3 and not t.isdigit()]


def train(samples: list[tuple[str, str]]) -> dict[str, Any]:
    """A multinomial naive Bayes model from (text, unit code) pairs, as plain JSON."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    docs: Counter[str] = Counter()
    for text, unit in samples:
        tokens = [t for t in normalise(text) if t not in _STOP]
        counts[unit].update(features_of(tokens))
        docs[unit] += 1
    vocabulary = len({f for c in counts.values() for f in c})
    n = sum(docs.values())
    return {
        "priors": {u: d / n for u, d in docs.items()},
        "counts": {u: dict(c) for u, c in counts.items()},
        "totals": {u: sum(c.values()) for u, c in counts.items()},
        "vocabulary": vocabulary,
    }


_NAME_STOP = frozenset(["and", "the", "for", "from", "with", "not", "other", "ve", "ile"])


def _name_words(*names: str) -> str:
    """The words of a category's names as separate keywords: "Potholes and broken asphalt"
    lets an English text saying "pothole" match, and so do single words of Turkish names."""
    words = {w for name in names for w in normalise(name) if len(w) >= 4 and w not in _NAME_STOP}
    return ", ".join(sorted(words))


def build_targets() -> list[Target]:
    from iletisim.accounts.models import Unit
    from iletisim.service_requests.models import Category

    targets = []
    for cat in Category.objects.filter(is_active=True).select_related("default_unit"):
        keywords = (
            parse_keywords(cat.keywords)
            + parse_keywords(cat.name, 0.8)
            + parse_keywords(_name_words(cat.name, cat.name_en), 0.5)
        )
        label = _("category «%(name)s»") % {"name": cat.name}
        targets.append(Target(cat.default_unit.code, label, keywords, cat.pk))
    for unit in Unit.objects.active().exclude(subjects="").exclude(code__in=_DESK_UNITS):
        if unit.kind == Unit.Kind.SUB_UNIT and unit.parent is not None:
            code = unit.parent.code  # requests go to the directorate, not its sub-units
        else:
            code = unit.code
        targets.append(
            Target(
                code,
                _("subjects of %(unit)s") % {"unit": unit.name},
                parse_keywords(unit.subjects, SUBJECT_WEIGHT),
            )
        )
    return targets


# Parsing the catalogue costs more than the rest of an intake together: the targets are kept
# per process for TARGETS_TTL seconds (per language, for the reasons' labels) and dropped at
# once when a category or unit is saved in this process (see forget_targets).
TARGETS_TTL = 60.0
_targets: dict[str, tuple[float, list[Target]]] = {}
_models: dict[Any, Any] = {}


def forget_targets(**kwargs: Any) -> None:
    _targets.clear()
    _models.clear()


def cached_targets() -> list[Target]:
    import time

    from django.utils.translation import get_language

    key = get_language() or ""
    hit = _targets.get(key)
    now = time.monotonic()
    if hit is None or now - hit[0] > TARGETS_TTL:
        hit = (now, build_targets())
        _targets[key] = hit
    return hit[1]


def get_router(*, learnt: bool = True, rules: bool = True) -> Router:
    """The router as configured in the database (catalogue, rules, newest learnt model)."""
    from iletisim.service_requests.models import RoutingModel, RoutingRule

    data = None
    if learnt:
        newest = RoutingModel.objects.values_list("pk", "created_at").first()
        if newest is not None:
            if newest not in _models:
                _models.clear()
                _models[newest] = RoutingModel.objects.get(pk=newest[0]).data
            data = _models[newest]
    rule_list = (
        list(RoutingRule.objects.filter(is_active=True).select_related("unit")) if rules else []
    )
    return Router(cached_targets(), data, rule_list)
