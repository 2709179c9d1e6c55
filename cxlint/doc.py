"""One message in, an analysed document out: tokens, sentences, parses, entities, placeholders.

Tokens and sentences come from a compiled regex rather than razdel itself: razdel is the
reference (tests/test_doc.py measures agreement with it on the corpus) but costs more than every
rule together. Placeholders are masked first, so they become single opaque tokens that never
break a sentence and that no rule can match by accident.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

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
    r"|(?P<punct>[.!?…]+|\S)"
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


@dataclass(slots=True)
class Doc:
    text: str
    tokens: list[Token]
    sentences: list[Sentence]
    entities: list[_entities.Entity]
    placeholders: list[Placeholder]
    facts: frozenset[str]  # kinds of facts anywhere in the message: time, money, percent, slots
    keys: set[str]  # every form, lemma, part of speech, token kind and entity kind in the message
    ent_at: dict[int, list[tuple[str, int]]] = field(default_factory=dict)  # token → (kind, stop)
    _positions: dict[str, list[int]] = field(default_factory=dict)

    def sentence_of(self, i: int) -> Sentence:
        return self.sentences[self.tokens[i].sent]

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence holding a character offset."""
        return max(0, bisect.bisect_right([s.start for s in self.sentences], offset) - 1)

    def positions(self, key: str) -> list[int]:
        """The tokens carrying ``key``, found when a rule first asks (most keys are never asked)."""
        found = self._positions.get(key)
        if found is None:
            if key not in self.keys:
                found = []
            elif key.startswith("\0ent:"):
                kind = key[5:]
                found = [i for i, ents in self.ent_at.items() if any(k == kind for k, _ in ents)]
                found.sort()
            else:
                found = [i for i, t in enumerate(self.tokens) if key in t.keys]
            self._positions[key] = found
        return found


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


def tokenize(masked: str, text: str, slots: frozenset[int] = frozenset()) -> list[Token]:
    toks = []
    for m in _TOKEN.finditer(masked):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "ph" and s in slots:
            kind = "slot"
        surface = text[s:e]
        norm = surface.lower().replace("ё", "е")
        if kind == "word":
            toks.append(Token(s, e, surface, kind, norm, *word_info(norm)))
        else:
            toks.append(Token(s, e, surface, kind, norm, keys=frozenset((norm, "\0kind:" + kind))))
    return toks


def split_sentences(text: str, toks: list[Token]) -> list[Sentence]:
    sents: list[Sentence] = []
    first = 0
    for i in range(1, len(toks) + 1):
        if i < len(toks) and not _boundary(text, toks, i):
            continue
        sents.append(Sentence(toks[first].start, toks[i - 1].end, first, i))
        for t in toks[first:i]:
            t.sent = len(sents) - 1
        first = i
    return sents


def _boundary(text: str, toks: list[Token], i: int) -> bool:
    """Does a new sentence start at token ``i``?"""
    prev, nxt = toks[i - 1], toks[i]
    gap = text[prev.end : nxt.start]
    if "\n" in gap:
        if gap.count("\n") > 1 or prev.text[-1] in _FINAL or not nxt.text[:1].islower():
            return True
    if prev.kind == "punct" and _is_emoji(prev.text) and gap and nxt.text[:1].isupper() and nxt.kind == "word":
        return True  # «Пицца закончилась 😔 Могу предложить …»: chats end sentences with an emoji
    if prev.kind != "punct" or prev.text[-1] not in _FINAL or not gap:
        return False
    if prev.text == "." and i >= 2:
        before = toks[i - 2]
        if before.norm in ABBREVIATIONS or (before.text.isupper() and len(before.text) == 1):
            return False  # «ул. Садовая», «А. С. Пушкин»
        if before.kind == "num" and not text[text.rfind("\n", 0, before.start) + 1 : before.start].strip():
            return False  # «1. Заберём заказ» — a list marker, not the end of a sentence
    c = nxt.text[:1]
    return not c.islower() and c not in ",;:)»"


def _is_emoji(s: str) -> bool:
    return unicodedata.category(s[0]) == "So" or "\U0001f000" <= s[0] <= "\U0001faff"


def analyze(text: str, syntax: placeholders.Syntax = placeholders.DEFAULT, skip=()) -> Doc:
    """Analyse one message. ``skip`` are spans (start/end) to leave out, e.g. Markdown markup."""
    phs = placeholders.find(text, syntax)
    masked = mask(text, phs)
    for s in skip:
        masked = masked[: s.start] + " " * (s.end - s.start) + masked[s.end :]
    toks = tokenize(masked, text, frozenset(p.start for p in phs if p.slot))
    sents = split_sentences(text, toks)
    ents = _entities.find_entities(masked)
    facts = {name for e in ents for name in e.names} | {p.fact for p in phs if p.fact}
    keys: set[str] = set()
    for t in toks:
        keys.update(t.keys)
    ent_at: dict[int, list[tuple[str, int]]] = {}
    if ents or phs:
        starts = {t.start: i for i, t in enumerate(toks)}
        ends = {t.end: i + 1 for i, t in enumerate(toks)}
        for e in ents:
            if e.start in starts and e.end in ends:  # «money» and «money.range» both match it
                ent_at.setdefault(starts[e.start], []).extend((name, ends[e.end]) for name in e.names)
        for p in phs:
            if p.fact and p.start in starts:
                ent_at.setdefault(starts[p.start], []).append((p.fact, starts[p.start] + 1))
        keys.update("\0ent:" + kind for found in ent_at.values() for kind, _ in found)
    return Doc(text, toks, sents, ents, phs, frozenset(facts), keys, ent_at)
