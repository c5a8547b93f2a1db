"""Evaluating a parsed watch query against one Document: a yes/no answer and highlights.

Term positions are looked up in the document's sorted word index (bisect on the folded
prefix, then the suffix grammar), so the work per term is proportional to the words that
share its first letters, never to the length of the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from iletisim.monitoring.matching.morphology import inflects, inflects_compound
from iletisim.monitoring.matching.parser import And, Near, Node, Not, Or, Phrase, Query, Term
from iletisim.monitoring.matching.text import Document

Span = tuple[int, int]  # first and last token index, inclusive


class Evaluation:
    """One document under evaluation; with `share_terms` the queries evaluated on it share
    their term look-ups (the Matcher does; the naive matcher does not)."""

    def __init__(self, document: Document, *, share_terms: bool = True) -> None:
        self.document = document
        self.share_terms = share_terms
        self._terms: dict[str, list[int]] = {}
        self._exact_terms: dict[str, list[int]] = {}

    def term_indexes(self, term: Term, *, exact: bool = False) -> list[int]:
        """Sorted indexes of the tokens the term matches (`exact`: inner phrase word)."""
        cache = self._exact_terms if exact else self._terms
        key = term.cache_key
        if self.share_terms and key in cache:
            return cache[key]
        document = self.document
        if exact:
            apostrophe = document.tokens.apostrophe
            indexes = [i for i in document.by_base.get(term.folded, ()) if not apostrophe[i]]
        else:
            indexes = []
            for base in document.bases_starting_with(term.key):
                if (
                    term.prefix
                    or base == term.folded
                    or inflects(term.lower, base, base, False)
                    or (term.heads and inflects_compound(term.heads, base))
                ):
                    indexes.extend(document.by_base[base])
            indexes.sort()
        if self.share_terms:
            cache[key] = indexes
        return indexes

    def spans(self, node: Term | Phrase | Or | Near) -> list[Span]:
        """Where a positional node matches, as sorted token spans."""
        if isinstance(node, Term):
            return [(i, i) for i in self.term_indexes(node)]
        if isinstance(node, Phrase):
            return self._phrase_spans(node)
        if isinstance(node, Or):
            found: set[Span] = set()
            for child in node.children:
                found.update(self.spans(child))  # type: ignore[arg-type]
            return sorted(found)
        return self._near_spans(node)

    def _phrase_spans(self, phrase: Phrase) -> list[Span]:
        by_base = self.document.by_base
        if any(word.folded not in by_base for word in phrase.words[:-1]):
            return []
        joined = self.document.tokens.joined
        words = phrase.words
        last = len(words) - 1
        lists = [self.term_indexes(word, exact=True) for word in words[:-1]]
        lists.append(self.term_indexes(words[-1]))
        following = [set(indexes) for indexes in lists]
        spans = []
        for start in lists[0]:
            for offset in range(1, last + 1):
                position = start + offset
                if position not in following[offset]:
                    break
                if not joined[position] and not phrase.loose[offset]:
                    break
            else:
                spans.append((start, start + last))
        return spans

    def _near_spans(self, near: Near) -> list[Span]:
        left = self.spans(near.left)  # type: ignore[arg-type]
        right = self.spans(near.right)  # type: ignore[arg-type]
        if not left or not right:
            return []
        distance = near.distance
        right_starts = [span[0] for span in right]
        right_by_end = sorted(right, key=lambda span: span[1])
        right_ends = [span[1] for span in right_by_end]
        found: set[Span] = set()
        for span in left:
            # right side after the left one: at most `distance` words in between
            low = bisect.bisect_left(right_starts, span[1] + 1)
            high = bisect.bisect_right(right_starts, span[1] + 1 + distance)
            for other in right[low:high]:
                found.add(span)
                found.add(other)
            # right side before the left one
            low = bisect.bisect_left(right_ends, span[0] - 1 - distance)
            high = bisect.bisect_right(right_ends, span[0] - 1)
            for other in right_by_end[low:high]:
                found.add(span)
                found.add(other)
        return sorted(found)

    def matches(self, node: Node) -> bool:
        if isinstance(node, Term):
            return bool(self.term_indexes(node))
        if isinstance(node, And):
            return all(self.matches(child) for child in node.children)
        if isinstance(node, Or):
            return any(self.matches(child) for child in node.children)
        if isinstance(node, Not):
            return not self.matches(node.child)
        return bool(self.spans(node))

    def highlight_spans(self, node: Node) -> list[Span]:
        """Token spans of every part that made a matching node true."""
        if isinstance(node, Not):
            return []
        if isinstance(node, And | Or):
            found = []
            for child in node.children:
                if self.matches(child):
                    found.extend(self.highlight_spans(child))
            return found
        return self.spans(node)


Compiled = Callable[[Evaluation], bool]


def compile_node(node: Node) -> Compiled:
    """The node as a function of an Evaluation: what the Matcher runs for each candidate."""
    if isinstance(node, Term):
        return lambda evaluation: bool(evaluation.term_indexes(node))
    if isinstance(node, And):
        parts = [compile_node(child) for child in node.children]
        return lambda evaluation: all(part(evaluation) for part in parts)
    if isinstance(node, Or):
        parts = [compile_node(child) for child in node.children]
        return lambda evaluation: any(part(evaluation) for part in parts)
    if isinstance(node, Not):
        part = compile_node(node.child)
        return lambda evaluation: not part(evaluation)
    return lambda evaluation: bool(evaluation.spans(node))


def matches(query: Query, document: Document) -> bool:
    return Evaluation(document).matches(query.root)


def highlights(query: Query, document: Document) -> list[tuple[int, int]]:
    """Character spans in `document.text` to highlight in a preview, merged and sorted."""
    evaluation = Evaluation(document)
    if not evaluation.matches(query.root):
        return []
    tokens = document.tokens
    return merge_spans(
        (tokens.starts[first], tokens.ends[last])
        for first, last in evaluation.highlight_spans(query.root)
    )


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans sorted, overlapping or touching ones merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
