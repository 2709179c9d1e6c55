"""Token patterns: a sequence of token specs, gaps and entities, matched inside one sentence.

A spec tests one token against *all* its parses: ``{lemma: мочь, tags: [1per]}`` holds when one
parse has both that lemma and that grammeme. Patterns are compiled once; cxlint/matcher.py
searches for them with a small backtracking walk that prefers short gaps, so reported spans stay
tight.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import morph
from ..doc import Token
from ..morph import fold

NEGATORS = frozenset({"не", "ни"})
_MEMO_LIMIT = 50_000  # word forms a spec remembers its answer for


@dataclass(slots=True)
class Spec:
    """One element of a pattern. ``what`` is token | skip | entity | start."""

    what: str = "token"
    forms: frozenset[str] | None = None
    lemmas: frozenset[str] | None = None
    pos: frozenset[str] | None = None
    tags: frozenset[str] = frozenset()
    not_tags: frozenset[str] = frozenset()
    kinds: frozenset[str] | None = None  # token kinds (word, num, punct …) or entity kinds
    negated: bool | None = None
    known: bool | None = None  # True: the form is in pymorphy3's dictionary, not guessed («Аквадетрим»)
    exclude: tuple[Spec, ...] = ()  # «not:» — the token must satisfy none of these specs
    optional: bool = False
    max: int = 1  # skip: the longest gap; token: how many times it may repeat
    punct: bool = False  # skip: may the gap cross punctuation?
    over_ph: bool = False  # skip: may the gap cross a template placeholder (in conditions: evidence, not a finding)
    capture: str | None = None
    memo: dict[str, bool] = field(default_factory=dict)  # word form → do its parses satisfy the spec

    @property
    def indexable(self) -> frozenset[str]:
        """Keys of the doc's position index, one of which a token matching this spec carries."""
        if self.optional:
            return frozenset()
        if self.what == "entity":
            return frozenset("\0ent:" + k for k in self.kinds)
        if self.what != "token":
            return frozenset()
        return self.token_keys

    @property
    def token_keys(self) -> frozenset[str]:
        """Keys of the doc's position index, one of which a token passing form_ok() carries."""
        if self.forms is not None or self.lemmas is not None:
            return (self.forms or frozenset()) | (self.lemmas or frozenset())
        if self.pos is not None:
            return frozenset("\0pos:" + p for p in self.pos)
        if self.kinds is not None:
            return frozenset("\0kind:" + k for k in self.kinds)
        return frozenset()

    @property
    def key(self) -> tuple:
        """What the spec tests, for telling equal specs of different rules apart from others."""
        return (self.what, self.forms, self.lemmas, self.pos, self.tags, self.not_tags, self.kinds, self.negated,
                self.known, tuple(x.key for x in self.exclude), self.optional, self.max, self.punct, self.over_ph,
                self.capture)  # fmt: skip

    @property
    def form_key(self) -> tuple:
        """What form_ok() reads, for telling specs that test a token alike apart from others."""
        return (self.kinds, self.forms, self.lemmas, self.pos, self.tags, self.not_tags, self.known)

    def form_ok(self, t: Token) -> bool:
        """The part of test() that reads the token alone, not its neighbours: the same for every
        token of one kind and form."""
        if self.kinds is not None and t.kind not in self.kinds:
            return False
        if self.forms is not None and t.norm not in self.forms:
            return False
        if self.lemmas is not None or self.pos is not None or self.tags or self.not_tags:
            ok = self.memo.get(t.norm)
            if ok is None:
                if len(self.memo) >= _MEMO_LIMIT:
                    self.memo.clear()
                ok = self.memo[t.norm] = any(self._parse_ok(p) for p in t.parses)
            if not ok:
                return False
        return self.known is None or (t.kind == "word" and morph.is_known_form(t.norm)) == self.known

    def _parse_ok(self, p) -> bool:
        lemma, gram = p
        return (
            (self.lemmas is None or lemma in self.lemmas)
            and (self.pos is None or not self.pos.isdisjoint(gram))
            and self.tags <= gram
            and self.not_tags.isdisjoint(gram)
        )


@dataclass(slots=True)
class Pattern:
    specs: list[Spec]
    source: str = ""  # how the rule wrote it, for messages
    keys: frozenset[str] = field(default_factory=frozenset)  # one of these must be in the doc
    lead: int | None = None  # at most this many tokens stand before a token carrying a key
    entity_lead: bool = False  # the anchor is an entity
    anchor: Spec | None = None  # the spec whose keys anchor the pattern, when it is a token spec

    def __post_init__(self):
        """Anchor on the most selective required spec: a word or lemma over an entity over a
        part of speech; ``lead`` bounds how far before it a match may start."""
        best, lead = None, 0
        for s in self.specs:
            keys = s.indexable
            if keys and lead is not None:
                rank = 0 if s.forms is not None or s.lemmas is not None else 1 if s.what == "entity" else 2
                if best is None or rank < best[0]:
                    best = (rank, keys, lead, s)
            if s.what == "entity":
                lead = None  # an entity's width is unknown: nothing after it can anchor
            elif s.what != "start" and lead is not None:
                lead += s.max
        if best is not None:
            _, self.keys, self.lead, spec = best
            self.entity_lead = spec.what == "entity"
            self.anchor = spec if spec.what == "token" else None


@dataclass(slots=True)
class Match:
    start: int  # token indexes, stop exclusive
    stop: int
    captures: dict[str, tuple[int, int]]

    @classmethod
    def of(cls, found: tuple) -> Match:
        """A match from matcher.find()'s tuple."""
        start, stop, caps = found
        return cls(start, stop, dict(caps))


def word_spec(word: str, lemma_of) -> Spec:
    """A spec from one word of a string pattern: ``возврат`` (by lemma), ``=наличии`` (this form),
    ``*`` (any word), ``...`` (a gap of up to 3 words), a trailing ``?`` for optional."""
    optional = word.endswith("?") and len(word) > 1
    w = word[:-1] if optional else word
    if w == "...":
        return Spec(what="skip", max=3)
    if w == "*":
        return Spec(kinds=frozenset({"word"}), optional=optional)
    if w.startswith("="):
        return Spec(forms=frozenset(fold(f) for f in w[1:].split("|")), optional=optional)
    return Spec(lemmas=frozenset(lemma_of(fold(x)) for x in w.split("|")), optional=optional)
