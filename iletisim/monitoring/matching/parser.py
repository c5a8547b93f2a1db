"""The watch-query language: words, "phrases", AND, OR, NOT, parentheses, NEAR/n, prefix*.

    query    := or_expr
    or_expr  := and_expr (OR and_expr)*
    and_expr := unary ([AND] unary)*          two terms side by side mean AND
    unary    := NOT unary | near
    near     := primary (NEAR/n primary)*      n words or fewer between, either order
    primary  := word | word* | "phrase" | ( or_expr )

Operators are upper-case (AND, OR, NOT, NEAR/5); anything else is a word. Quotes may be
straight or typographic (“…”). A phrase matches consecutive words with only white space
between them; punctuation typed inside the phrase (`"covid-19"`) allows any separator there.
Errors (`QuerySyntaxError`) carry the character position where the problem is; a query that
would match almost every text (`QueryTooBroad`) is refused with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_noop

from iletisim.monitoring.matching.morphology import compound_heads, stem_variants
from iletisim.monitoring.matching.text import APOSTROPHES, fold, lower, normalise

MAX_NEAR = 100
MIN_PREFIX = 3
OPEN_QUOTES = '"“„”'
CLOSE_QUOTES = '"”“'
# Words too common to watch on their own (folded): Turkish function words and a few English.
_STOP_WORDS = """
    acaba ama ancak artık aslında az bana bazı belki ben beni benim beri bile bir biri birkaç
    biz bize bizi bizim bu buna bunda bundan bunu bunun burada çok çünkü da daha dahi de defa
    diye diğer en gibi göre hem hep hepsi her hiç için ile ise kadar ki kim kime kimi mı mi mu
    mü nasıl ne neden nerede nereye niçin niye o olan olarak oldu olduğu olmak olması olur
    onlar onu onun ona ondan orada öyle sadece sana sen seni siz şey şu şöyle tarafından tüm
    üzere var ve veya ya yani yine yok zaten a an and or the of to in is on for with
"""
STOP_WORDS = frozenset(fold(word) for word in _STOP_WORDS.split())


class QueryError(ValueError):
    """A query we refuse; `message` is translated when read, `position` is a character index."""

    def __init__(self, template: str, position: int, **params: Any) -> None:
        self.template = template
        self.position = position
        self.params = params
        super().__init__(f"{template % params} (position {position})")

    @property
    def message(self) -> str:
        return gettext(self.template) % self.params


class QuerySyntaxError(QueryError):
    pass


class QueryTooBroad(QueryError):
    pass


@dataclass(frozen=True, slots=True)
class Term:
    lower: str  # lower-cased by Turkish rules, Turkish letters kept
    folded: str
    prefix: bool
    position: int
    key: str  # what every matching word starts with (folded): the pre-filter's key
    cache_key: str  # identifies the term's look-up in a document (a str hashes once)
    # a phrase's last word with the compound marker: the nouns under it, whose plural also
    # matches (`belediye başkanları` for "belediye başkanı"); see morphology.compound_heads
    heads: tuple[str, ...] = ()


def _common_prefix(words: list[str]) -> str:
    shortest = min(words, key=len)
    for length in range(len(shortest), 0, -1):
        if all(word.startswith(shortest[:length]) for word in words):
            return shortest[:length]
    return ""


def _term(lower: str, folded: str, prefix: bool, position: int, *, compound: bool = False) -> Term:
    forms = [fold(v) for v, _ in stem_variants(lower)]
    heads = compound_heads(lower) if compound and not prefix else ()
    if heads and len(_common_prefix(forms + [fold(head) for head in heads])) >= 3:
        forms += [fold(head) for head in heads]
    else:
        heads = ()  # a head that would widen the pre-filter's key to a syllable is left out
    key = folded if prefix else _common_prefix(forms)
    return Term(
        lower=lower,
        folded=folded,
        prefix=prefix,
        position=position,
        key=key,
        cache_key=f"{lower}*" if prefix else f"{lower}+" if heads else lower,
        heads=heads,
    )


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[Term, ...]  # inner words match exactly; the last may be inflected
    loose: tuple[bool, ...]  # loose[i]: any separator allowed before words[i]
    position: int


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Node
    position: int


@dataclass(frozen=True, slots=True)
class Near:
    left: Node
    right: Node
    distance: int


Node = Term | Phrase | And | Or | Not | Near


@dataclass(frozen=True, slots=True)
class Query:
    source: str
    root: Node


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # WORD PHRASE AND OR NOT NEAR LPAREN RPAREN END
    text: str
    position: int
    distance: int = 0


_BARE_END = re.compile(r"[\s()" + re.escape(OPEN_QUOTES) + "]")
_NEAR = re.compile(r"NEAR(?:/(.*))?$")


def _lex(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(source):
        char = source[position]
        if char.isspace():
            position += 1
        elif char in "()":
            tokens.append(_Token("LPAREN" if char == "(" else "RPAREN", char, position))
            position += 1
        elif char in OPEN_QUOTES:
            close = next(
                (i for i in range(position + 1, len(source)) if source[i] in CLOSE_QUOTES), -1
            )
            if close < 0:
                raise QuerySyntaxError(gettext_noop("This phrase has no closing quote."), position)
            tokens.append(_Token("PHRASE", source[position + 1 : close], position))
            position = close + 1
        else:
            match = _BARE_END.search(source, position)
            end = match.start() if match else len(source)
            text = source[position:end]
            near = _NEAR.match(text)
            if text in ("AND", "OR", "NOT"):
                tokens.append(_Token(text, text, position))
            elif near:
                if not (near.group(1) or "").isdigit():
                    raise QuerySyntaxError(
                        gettext_noop("NEAR needs a distance in words, for example NEAR/5."),
                        position,
                    )
                distance = int(near.group(1))
                if distance > MAX_NEAR:
                    raise QuerySyntaxError(
                        gettext_noop("NEAR allows at most %(max)d words between the terms."),
                        position,
                        max=MAX_NEAR,
                    )
                tokens.append(_Token("NEAR", text, position, distance))
            else:
                tokens.append(_Token("WORD", text, position))
            position = end
    tokens.append(_Token("END", "", len(source)))
    return tokens


_PIECE = re.compile(r"[^\W_]+")


def _words(text: str, position: int, *, in_phrase: bool) -> Phrase | Term:
    """A bare word or a phrase's inside as a Term or a Phrase."""
    prefix = text.endswith("*")
    body = text[:-1] if prefix else text
    star = body.find("*")
    if star >= 0:
        raise QuerySyntaxError(
            gettext_noop("A * may only end a word, as in belediye*."), position + star + in_phrase
        )
    if prefix and (not body or not body[-1].isalnum()):
        if not body.strip() and not in_phrase:
            raise QueryTooBroad(gettext_noop("A * on its own would match every text."), position)
        raise QuerySyntaxError(gettext_noop("A * must follow a word, as in belediye*."), position)
    # a suffix typed after an apostrophe (Kadıköy'de) is dropped: every suffix matches anyway
    body = re.sub("[" + APOSTROPHES + r"][^\W_]+", "", body)
    folded = fold(body)
    pieces = list(_PIECE.finditer(folded))
    if not pieces:
        if in_phrase:
            raise QuerySyntaxError(gettext_noop("This phrase is empty."), position)
        raise QuerySyntaxError(
            gettext_noop("“%(text)s” is not a word: use letters and digits, or quotes."),
            position,
            text=text,
        )
    lowered = lower(body)
    terms = []
    loose = []
    previous_end = 0
    for number, piece in enumerate(pieces):
        is_last = number == len(pieces) - 1
        term_prefix = prefix and is_last
        if term_prefix and len(piece.group()) < MIN_PREFIX:
            raise QueryTooBroad(
                gettext_noop("A prefix needs at least %(count)d letters before the *."),
                position,
                count=MIN_PREFIX,
            )
        terms.append(
            _term(
                lower=lowered[piece.start() : piece.end()],
                folded=piece.group(),
                prefix=term_prefix,
                position=position + in_phrase + piece.start(),
                compound=is_last and len(pieces) > 1,
            )
        )
        loose.append(number > 0 and not folded[previous_end : piece.start()].isspace())
        previous_end = piece.end()
    if len(terms) == 1:
        return terms[0]
    return Phrase(words=tuple(terms), loose=tuple(loose), position=position)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _lex(source)
        self.index = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node:
        if self.current.kind == "END":
            raise QuerySyntaxError(gettext_noop("The query is empty."), 0)
        node = self.or_expr()
        if self.current.kind == "RPAREN":
            raise QuerySyntaxError(
                gettext_noop("This parenthesis closes nothing."), self.current.position
            )
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while self.current.kind == "OR":
            self.advance()
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self) -> Node:
        children = [self.unary()]
        while self.current.kind in ("AND", "NOT", "WORD", "PHRASE", "LPAREN"):
            if self.current.kind == "AND":
                self.advance()
            children.append(self.unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Node:
        if self.current.kind == "NOT":
            token = self.advance()
            return Not(self.unary(), token.position)
        return self.near()

    def near(self) -> Node:
        node = self.primary()
        while self.current.kind == "NEAR":
            token = self.advance()
            right = self.primary()
            for side, at in ((node, token.position), (right, token.position)):
                if not _positional(side):
                    raise QuerySyntaxError(
                        gettext_noop("NEAR joins words, phrases, or groups of them joined by OR."),
                        at,
                    )
            node = Near(node, right, token.distance)
        return node

    def primary(self) -> Node:
        token = self.current
        if token.kind == "WORD":
            self.advance()
            return _words(token.text, token.position, in_phrase=False)
        if token.kind == "PHRASE":
            self.advance()
            return _words(token.text, token.position, in_phrase=True)
        if token.kind == "LPAREN":
            self.advance()
            if self.current.kind == "RPAREN":
                raise QuerySyntaxError(gettext_noop("These parentheses are empty."), token.position)
            node = self.or_expr()
            if self.current.kind != "RPAREN":
                raise QuerySyntaxError(
                    gettext_noop("This parenthesis is never closed."), token.position
                )
            self.advance()
            return node
        if token.kind == "END":
            previous = self.tokens[self.index - 1] if self.index else token
            raise QuerySyntaxError(
                gettext_noop("%(operator)s needs a word, a phrase or a group after it."),
                previous.position,
                operator=previous.text,
            )
        if token.kind == "RPAREN":
            raise QuerySyntaxError(
                gettext_noop("A word, a phrase or a group is missing before this parenthesis."),
                token.position,
            )
        raise QuerySyntaxError(
            gettext_noop("%(operator)s needs a word, a phrase or a group before it."),
            token.position,
            operator=token.text,
        )


def _positional(node: Node) -> bool:
    if isinstance(node, Term | Phrase | Near):
        return True
    if isinstance(node, Or):
        return all(_positional(child) for child in node.children)
    return False


def _broad_reason(node: Node) -> tuple[str, dict[str, Any]] | None:
    """Why the node would match almost any text, or None if it is selective."""
    if isinstance(node, Term):
        if node.folded in STOP_WORDS:
            return (
                gettext_noop(
                    "“%(word)s” is too common to watch on its own: add a more specific word."
                ),
                {"word": node.lower},
            )
        if len(node.folded) < 2:
            return (
                gettext_noop(
                    "“%(word)s” is too short to watch on its own: add a more specific word."
                ),
                {"word": node.lower},
            )
        return None
    if isinstance(node, Phrase):
        reasons = [_broad_reason(word) for word in node.words]
        return reasons[0] if all(reasons) else None
    if isinstance(node, Not):
        return (gettext_noop("A query cannot consist only of exclusions (NOT)."), {})
    if isinstance(node, And):
        reasons = [_broad_reason(child) for child in node.children]
        return next(reason for reason in reasons if reason) if all(reasons) else None
    if isinstance(node, Or):
        return next((r for r in map(_broad_reason, node.children) if r), None)
    left, right = _broad_reason(node.left), _broad_reason(node.right)
    return left if left and right else None


def parse_query(source: str) -> Query:
    """Parse a watch query, or raise QuerySyntaxError / QueryTooBroad."""
    source = normalise(source)
    root = _Parser(source).parse()
    reason = _broad_reason(root)
    if reason:
        raise QueryTooBroad(reason[0], 0, **reason[1])
    return Query(source=source, root=root)
