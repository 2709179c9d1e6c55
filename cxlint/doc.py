"""One message in, an analysed document out: tokens, sentences, parses, entities, placeholders.

Tokens come from a compiled regex and sentences from cxlint/splitter.py, rather than from razdel
itself: razdel is the reference (tests/test_doc.py measures agreement with it on the corpus) but
costs more than every rule together. Placeholders are masked first, so they become single opaque
tokens that never break a sentence and that no rule can match by accident.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import entities as _entities
from . import morph, placeholders
from .morph import word_info
from .placeholders import Placeholder

MASK = _entities.PLACEHOLDER

_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"«»]+[^\s<>\"«».,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<ph>" + MASK + r"+)"
    r"|(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)"
    r"|(?P<num>\d+(?:[.,:]\d+)*)"
    r"|(?P<punct>[.!?…]+|[^\s\u200b-\u200d\u2060\ufeff])"  # zero-width spaces and joiners are not tokens
)
_FINAL = frozenset(".!?…")
# Abbreviations after which a period followed by a capital does not end the sentence.
ABBREVIATIONS = frozenset(
    "г гг ул им д пр проф т тел см стр рис илл кв корп оф пер просп наб пл тыс млн млрд руб р коп".split()
)


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    kind: str  # word | num | punct | ph (template placeholder) | slot (a fact to fill in) | url
    norm: str  # lower case, ё → е
    parses: tuple[morph.Parse, ...] = ()
    lemmas: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()  # what the rule index looks up: form, lemmas, parts of speech, kind
    sent: int = 0


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    first: int  # index of the first token
    stop: int  # index after the last token


class Entities:
    """What a message or a sentence knows of its entities, computed when a rule first asks: most
    never need them, and the entity grammar costs as much as tokenising. ``_offsets()`` gives the
    character offsets where its tokens start and end."""

    __slots__ = ("_ent_at", "_entities", "_entity_keys", "_facts", "masked", "placeholders")

    def __init__(self, masked: str, placeholders):
        self.masked = masked
        self.placeholders = placeholders
        self._entities: list[_entities.Entity] | None = None
        self._facts: frozenset[str] | None = None
        self._ent_at: dict[int, list[tuple[str, int]]] | None = None
        self._entity_keys: frozenset[str] | None = None

    def _offsets(self) -> tuple[list[int], list[int]]:
        raise NotImplementedError

    def _may_hold(self) -> bool:
        """Can the text hold an entity? (False only when a token test says none can.)"""
        return True

    @property
    def entities(self) -> list[_entities.Entity]:
        if self._entities is None:
            self._entities = _entities.find_entities(self.masked) if self._may_hold() else []
        return self._entities

    @property
    def facts(self) -> frozenset[str]:
        """Kinds of facts anywhere in the text: time, money, percent, what slots stand for."""
        if self._facts is None:
            self._facts = frozenset(
                {n for e in self.entities for n in e.names} | {p.fact for p in self.placeholders if p.fact}
            )
        return self._facts

    @property
    def ent_at(self) -> dict[int, list[tuple[str, int]]]:
        """token → (entity or fact kind, stop token) for entities that begin and end on tokens."""
        if self._ent_at is None:
            ent_at: dict[int, list[tuple[str, int]]] = {}
            ents, phs = self.entities, self.placeholders
            if ents or phs:
                starts, ends = self._offsets()
                n = len(starts)
                for e in ents:
                    i = bisect.bisect_left(starts, e.start)
                    j = bisect.bisect_left(ends, e.end)
                    if i < n and starts[i] == e.start and j < n and ends[j] == e.end:
                        # «money» and «money.range» both match it
                        ent_at.setdefault(i, []).extend((name, j + 1) for name in e.names)
                for p in phs:
                    i = bisect.bisect_left(starts, p.start)
                    if p.fact and i < n and starts[i] == p.start:
                        ent_at.setdefault(i, []).append((p.fact, i + 1))
            self._ent_at = ent_at
        return self._ent_at

    @property
    def entity_keys(self) -> frozenset[str]:
        """The index keys of the entities and facts that begin and end on tokens."""
        if self._entity_keys is None:
            self._entity_keys = frozenset("\0ent:" + kind for found in self.ent_at.values() for kind, _ in found)
        return self._entity_keys


class Doc(Entities):
    """An analysed message: its tokens and sentences; its entities and facts when a rule first asks."""

    __slots__ = ("sentences", "text", "tokens")

    def __init__(
        self,
        text: str,
        tokens: list[Token],
        sentences: list[Sentence],
        placeholders: list[Placeholder],
        masked: str | None = None,
    ):
        super().__init__(text if masked is None else masked, placeholders)
        self.text = text
        self.tokens = tokens
        self.sentences = sentences

    def _offsets(self) -> tuple[list[int], list[int]]:
        return [t.start for t in self.tokens], [t.end for t in self.tokens]

    def sentence_of(self, i: int) -> Sentence:
        return self.sentences[self.tokens[i].sent]

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence holding a character offset."""
        return max(0, bisect.bisect_right([s.start for s in self.sentences], offset) - 1)


def mask(text: str, spans) -> str:
    """``text`` with each span replaced by MASK characters (offsets are kept)."""
    if not spans:
        return text
    out, pos = [], 0
    for s in spans:
        out.append(text[pos : s.start])
        out.append(MASK * (s.end - s.start))
        pos = s.end
    out.append(text[pos:])
    return "".join(out)


_PLAIN: dict[str, frozenset[str]] = {}  # kind + form → index keys of a token that is not a word
_NONE: frozenset[str] = frozenset()


def tokenize(masked: str, text: str, slots: frozenset[int] = frozenset()) -> list[Token]:
    """Tokens of a message, word by word: no token holds a space, so the tokens of a run of
    non-space characters do not depend on what is around it, and the runs a reply is made of
    («заказ», «вернём», «15:00.») are tokenised once and remembered."""
    return [t if type(t) is Token else token(t) for t in _items(masked, text, slots)]


class Tokens(Sequence):
    """Tokens, each made when first read: a finding reads the few of its match, not the sentence's."""

    __slots__ = ("_items",)

    def __init__(self, items: list):
        self._items = items  # a Token, or (start, end, text, kind, form) until it is read

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._items)))]
        t = self._items[i]
        if type(t) is not Token:
            t = self._items[i] = token(t)
        return t


def lazy_tokens(masked: str, text: str, slots: frozenset[int] = frozenset()) -> Tokens:
    """The tokens of tokenize(), each made when first read."""
    return Tokens(_items(masked, text, slots))


def _items(masked: str, text: str, slots: frozenset[int]) -> list:
    """tokenize()'s tokens as Tokens, or as (start, end, text, kind, form) for a remembered run."""
    out: list = []
    same = masked == text
    for c in _RUN.finditer(masked):
        run, (s, e) = c.group(), c.span()
        if not same and text[s:e] != run:  # a placeholder or skipped markup in the run: not remembered
            out += _tokenize(run, text[s:e], s, slots)
        elif s:
            out += [(s + a, s + b, surface, kind, norm) for a, b, surface, kind, norm in _run(run)]
        else:
            out += _run(run)
    return out


def _run(run: str) -> tuple[tuple[int, int, str, str, str], ...]:
    """The tokens of a run of non-space characters as (start, end, text, kind, form), offsets from
    the run's start; remembered. Numbers and strings only, so the garbage collector stops watching
    them: the parses are remembered by the word form (_info())."""
    found = _RUNS.get(run)
    if found is None:
        if len(_RUNS) >= _RUNS_LIMIT:
            _RUNS.clear()
        toks = _tokenize(run, run, 0, frozenset())
        found = _RUNS[run] = tuple((t.start, t.end, t.text, t.kind, t.norm) for t in toks)
    return found


def token(t: tuple[int, int, str, str, str]) -> Token:
    """A Token from (start, end, text, kind, form), as _run() remembers it."""
    return Token(*t, *_info(t[3], t[4]), 0)


def _info(kind: str, norm: str) -> tuple[tuple, frozenset[str], frozenset[str]]:
    """The parses, lemmas and index keys of a token of ``kind`` with this form."""
    if kind == "word":
        return word_info(norm)
    keys = _PLAIN.get(kind + norm)
    if keys is None:
        keys = _PLAIN[kind + norm] = frozenset((norm, "\0kind:" + kind))
    return (), _NONE, keys


def _run_token(masked: str, text: str, s: int, e: int, slots: frozenset[int], k: int) -> Token | None:
    """Token ``k`` (negative from the end) of the run masked[s:e], with offsets in the message."""
    run = masked[s:e]
    if text[s:e] != run:
        toks = _tokenize(run, text[s:e], s, slots)
        return toks[k] if -len(toks) <= k < len(toks) else None
    toks = _run(run)
    if not -len(toks) <= k < len(toks):
        return None
    a, b, surface, kind, norm = toks[k]
    return token((s + a, s + b, surface, kind, norm))


_RUN = re.compile(r"\S+")
_RUNS: dict[str, tuple] = {}  # a run of non-space characters → its tokens, offsets from the run's start
_RUNS_LIMIT = 100_000


def _tokenize(masked: str, text: str, off: int, slots: frozenset[int]) -> list[Token]:
    """Tokens of a piece of a message that starts at ``off``, with offsets in the message."""
    low = masked.lower()
    if len(low) != len(masked):  # «İ» grows when lowered: fold token by token
        low = None
    elif "ё" in low:
        low = low.replace("ё", "е")
    toks: list[Token] = []
    append = toks.append
    for m in _TOKEN.finditer(masked):
        s, e = m.span()
        kind = m.lastgroup
        norm = low[s:e] if low is not None else text[s:e].lower().replace("ё", "е")
        if kind == "ph" and s + off in slots:
            kind = "slot"
        append(Token(s + off, e + off, text[s:e], kind, norm, *_info(kind, norm), 0))
    return toks


def analyze(text: str, syntax: placeholders.Syntax = placeholders.DEFAULT, skip=()) -> Doc:
    """Analyse one message. ``skip`` are spans (start/end) to leave out, e.g. Markdown markup."""
    phs = placeholders.find(text, syntax)
    masked = mask(text, phs)
    for s in skip:
        masked = masked[: s.start] + " " * (s.end - s.start) + masked[s.end :]
    toks = tokenize(masked, text, frozenset(p.start for p in phs if p.slot) if phs else frozenset())
    from .splitter import split_sentences  # it reads tokens: it imports this module

    return Doc(text, toks, split_sentences(text, toks), phs, masked)
