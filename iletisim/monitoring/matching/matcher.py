"""Matching one text against many saved queries: an Aho-Corasick pre-filter, then evaluation.

Like Lucene's monitor module and the Elasticsearch percolator, each query is reduced to the
terms a text must contain for it to possibly match, in conjunctive form: a list of clauses,
each a set of folded keys of which at least one must begin a word of the text. A query is
filed in the automaton under the keys of one clause (the one whose keys texts contain least
often, learnt from a sample of recent texts when given) and
evaluated only when the text contains a key of every clause. The automaton scans the text's
distinct words once, so the cost grows with the words that hit a key, not with the number of
queries. `NaiveMatcher` evaluates every query on every text, for comparison.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping

import ahocorasick

from iletisim.monitoring.matching.evaluate import Evaluation, compile_node
from iletisim.monitoring.matching.parser import And, Near, Node, Not, Or, Phrase, Query, Term
from iletisim.monitoring.matching.text import Document

Clause = frozenset[str]
MAX_OR_CLAUSES = 16


def clauses(node: Node) -> list[Clause]:
    """Key sets of which a matching text contains at least one each (empty: no constraint)."""
    if isinstance(node, Term):
        return [frozenset([node.key])]
    if isinstance(node, Phrase):
        inner = [frozenset([word.folded]) for word in node.words[:-1]]
        return [*inner, frozenset([node.words[-1].key])]
    if isinstance(node, Not):
        return []
    if isinstance(node, And):
        return [clause for child in node.children for clause in clauses(child)]
    if isinstance(node, Near):
        return clauses(node.left) + clauses(node.right)
    assert isinstance(node, Or)
    # (a1 AND a2) OR (b1 AND b2) = (a1 OR b1) AND (a1 OR b2) AND (a2 OR b1) AND (a2 OR b2):
    # distributing keeps every child's words required; past a few clauses a child keeps only
    # its most selective clause, which stays correct and merely lets more texts through.
    product: list[Clause] = [frozenset()]
    for child in node.children:
        child_clauses = clauses(child)
        if not child_clauses:
            return []
        if len(product) * len(child_clauses) > MAX_OR_CLAUSES:
            child_clauses = [_most_selective(child_clauses)]
        product = [done | clause for done in product for clause in child_clauses]
    return list(dict.fromkeys(product))


def _most_selective(found: list[Clause]) -> Clause:
    return max(found, key=lambda clause: (min(map(len, clause)), -len(clause)))


class Matcher:
    """The queries that match a text, evaluating only those the pre-filter lets through."""

    def __init__(self, queries: Mapping[Hashable, Query], *, sample: Iterable[str] = ()) -> None:
        """`sample`: recent texts, whose words tell which keys are rare and make good anchors."""
        self.queries = dict(queries)
        self._order = {query_id: number for number, query_id in enumerate(self.queries)}
        self._compiled = {qid: compile_node(query.root) for qid, query in self.queries.items()}
        self._always: list[Hashable] = []
        reduced = {query_id: clauses(query.root) for query_id, query in self.queries.items()}
        keys = {key for found in reduced.values() for clause in found for key in clause}
        self._automaton = ahocorasick.Automaton()
        for key in keys:
            self._automaton.add_word(" " + key, key)
        if keys:
            self._automaton.make_automaton()
        self._has_keys = bool(keys)
        cost = self._key_cost(reduced, sample)
        anchored: dict[str, list[tuple[Hashable, tuple[Clause, ...]]]] = {}
        anchored_alone: dict[str, list[Hashable]] = {}  # queries with no other clause
        anchored_one: dict[str, list[tuple[Hashable, Clause]]] = {}  # with one other clause
        for query_id, found in reduced.items():
            if not found:
                self._always.append(query_id)
                continue
            anchor = min(found, key=lambda clause: sum(cost(key) for key in clause))
            rest = tuple(clause for clause in found if clause is not anchor)
            for key in anchor:
                if not rest:
                    anchored_alone.setdefault(key, []).append(query_id)
                elif len(rest) == 1:
                    anchored_one.setdefault(key, []).append((query_id, rest[0]))
                else:
                    anchored.setdefault(key, []).append((query_id, rest))
        self._anchored = anchored
        self._anchored_alone = anchored_alone
        self._anchored_one = anchored_one

    def _key_cost(
        self, reduced: dict[Hashable, list[Clause]], sample: Iterable[str]
    ) -> Callable[[str], float]:
        """How costly a key is as an anchor: how often texts contain it.

        With a sample of recent texts, the share of them whose words begin with the key (like
        the term statistics Lucene's presearcher weighs). Without one, a guess: a key many
        queries share (`belediyesi`) is common, and a short key (`ali`) begins many words
        (`alınan`).
        """
        seen = 0
        frequency: Counter[str] = Counter()
        for text in sample:
            frequency.update(self._found_keys(Document(text)))
            seen += 1
        if seen:
            return lambda key: (frequency[key] + 0.5) / (seen + 1)
        usage: Counter[str] = Counter()
        for found in reduced.values():
            usage.update({key for clause in found for key in clause})
        return lambda key: usage[key] * 2.0 ** max(0, 6 - len(key))

    def _found_keys(self, document: Document) -> set[str]:
        if not self._has_keys:
            return set()
        return {key for _, key in self._automaton.iter(" " + " ".join(document.words))}

    def match(self, text: str | Document) -> list[Hashable]:
        document = text if isinstance(text, Document) else Document(text)
        candidates = set(self._always)
        if self._has_keys:
            found = self._found_keys(document)
            anchored, alone, one = self._anchored, self._anchored_alone, self._anchored_one
            for key in found:
                if key in alone:
                    candidates.update(alone[key])
                if key in one:
                    candidates.update(
                        query_id for query_id, clause in one[key] if not clause.isdisjoint(found)
                    )
                for query_id, rest in anchored.get(key, ()):
                    for clause in rest:
                        if clause.isdisjoint(found):
                            break
                    else:
                        candidates.add(query_id)
        if not candidates:
            return []
        evaluation = Evaluation(document)
        compiled = self._compiled
        matched = [qid for qid in candidates if compiled[qid](evaluation)]
        matched.sort(key=self._order.__getitem__)
        return matched


class NaiveMatcher:
    """Every query evaluated on every text, with no pre-filter and no shared look-ups."""

    def __init__(self, queries: Mapping[Hashable, Query]) -> None:
        self.queries = dict(queries)

    def match(self, text: str | Document) -> list[Hashable]:
        document = text if isinstance(text, Document) else Document(text)
        return [
            query_id
            for query_id, query in self.queries.items()
            if Evaluation(document, share_terms=False).matches(query.root)
        ]
