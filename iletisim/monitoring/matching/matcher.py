"""Matching one text against many saved queries: an Aho-Corasick pre-filter, then evaluation.

Like Lucene's monitor module and the Elasticsearch percolator, each query is reduced to the
terms a text must contain for it to possibly match, in conjunctive form: a list of clauses,
each a set of folded keys of which at least one must begin a word of the text. A query is
filed in the automaton under the keys of one clause (the most selective: longest keys) and
evaluated only when the text contains a key of every clause. The automaton scans the text's
distinct words once, so the cost grows with the words that hit a key, not with the number of
queries. `NaiveMatcher` evaluates every query on every text, for comparison.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import ahocorasick

from iletisim.monitoring.matching.evaluate import Evaluation, compile_node
from iletisim.monitoring.matching.parser import And, Near, Node, Not, Or, Phrase, Query, Term
from iletisim.monitoring.matching.text import Document

Clause = frozenset[str]


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
    alternatives: set[str] = set()
    for child in node.children:
        child_clauses = clauses(child)
        if not child_clauses:
            return []
        alternatives |= _most_selective(child_clauses)
    return [frozenset(alternatives)]


def _most_selective(found: list[Clause]) -> Clause:
    return max(found, key=lambda clause: (min(map(len, clause)), -len(clause)))


class Matcher:
    """The queries that match a text, evaluating only those the pre-filter lets through."""

    def __init__(self, queries: Mapping[Hashable, Query]) -> None:
        self.queries = dict(queries)
        self._order = {query_id: number for number, query_id in enumerate(self.queries)}
        self._compiled = {qid: compile_node(query.root) for qid, query in self.queries.items()}
        self._always: list[Hashable] = []
        anchored: dict[str, list[tuple[Hashable, tuple[Clause, ...]]]] = {}
        keys: set[str] = set()
        for query_id, query in self.queries.items():
            found = clauses(query.root)
            if not found:
                self._always.append(query_id)
                continue
            anchor = _most_selective(found)
            rest = tuple(clause for clause in found if clause is not anchor)
            keys.update(*found)
            for key in anchor:
                anchored.setdefault(key, []).append((query_id, rest))
        self._anchored = anchored
        self._automaton = ahocorasick.Automaton()
        for key in keys:
            self._automaton.add_word(" " + key, key)
        if keys:
            self._automaton.make_automaton()
        self._has_keys = bool(keys)

    def match(self, text: str | Document) -> list[Hashable]:
        document = text if isinstance(text, Document) else Document(text)
        candidates = set(self._always)
        if self._has_keys:
            joined = " " + " ".join(document.words)
            found = {key for _, key in self._automaton.iter(joined)}
            anchored = self._anchored
            for key in found:
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


def match_all(matcher: Matcher | NaiveMatcher, texts: Iterable[str]) -> list[list[Hashable]]:
    return [matcher.match(text) for text in texts]
