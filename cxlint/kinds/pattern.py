"""Token patterns: a sequence of token specs, gaps and entities, matched inside one sentence.

A spec tests one token against *all* its parses: ``{lemma: мочь, tags: [1per]}`` holds when one
parse has both that lemma and that grammeme. Patterns are compiled once; matching is a small
backtracking walk that prefers short gaps, so reported spans stay tight.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import morph
from ..doc import Doc, Token
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

    def test(self, t: Token, doc: Doc, i: int) -> bool:
        if not self.form_ok(t):
            return False
        if self.negated is not None:
            prev = doc.tokens[i - 1] if i > 0 and doc.tokens[i - 1].sent == t.sent else None
            if (prev is not None and prev.norm in NEGATORS) != self.negated:
                return False
        return not any(x.test(t, doc, i) for x in self.exclude)

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
    required: tuple[frozenset[str], ...] = ()  # every required spec's keys: a doc lacking one cannot match
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
        self.required = tuple(s.indexable for s in self.specs if s.indexable)


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # token indexes, stop exclusive
    stop: int
    captures: dict[str, tuple[int, int]]


def find(pattern: Pattern, doc: Doc, first: int = 0, stop: int | None = None, at=None) -> list[Match]:
    """Non-overlapping matches of ``pattern`` in the token range, sentence by sentence.

    Only starts near a token carrying one of the pattern's keys are tried (the doc indexes its
    tokens by form and lemma), so a pattern costs nothing in a message without its words.
    The caller has checked that the document has every key the pattern needs (a RuleSet's bits);
    ``at``, when given, are the tokens that carry the pattern's keys (a caller that knows them saves
    the look-up).
    """
    out: list[Match] = []
    stop = len(doc.tokens) if stop is None else stop
    specs = pattern.specs
    lead = pattern.lead
    if lead is None:
        starts = range(first, stop)
    else:
        if at is not None:
            hits = [at] if at else []
        else:
            index = doc.index(pattern.entity_lead)
            hits = [ps for key in pattern.keys if (ps := index.get(key))]
        if pattern.anchor is not None:  # a key is not enough: «проверим», not any verb
            a, toks = pattern.anchor, doc.tokens
            hits = [ok for ps in hits if (ok := [p for p in ps if a.test(toks[p], doc, p)])]
        if not hits:
            return out
        if lead == 0 and len(hits) == 1:
            starts = hits[0]
        else:
            starts = sorted({i for ps in hits for p in ps for i in range(p - lead, p + 1)})
        starts = [i for i in starts if first <= i < stop]
    taken = first
    for i in starts:
        if i < taken:
            continue
        sent_stop = min(doc.sentences[doc.tokens[i].sent].stop, stop)
        caps: dict[str, tuple[int, int]] = {}
        end = _walk(specs, 0, i, sent_stop, doc, caps, i)
        if end > i:
            start = i - 1 if specs[0].negated and specs[0].what == "token" else i
            out.append(Match(start, end, dict(caps)))
            taken = end
    return out


def _walk(specs: list[Spec], k: int, i: int, stop: int, doc: Doc, caps: dict, origin: int) -> int:
    """The end of a match of specs[k:] starting at token i, or -1."""
    if k == len(specs):
        return i
    s = specs[k]
    if s.what == "skip":
        for j in range(i, min(i + s.max, stop) + 1):
            if j > i and not _skippable(doc, j - 1, s):
                break
            if s.capture:
                if _try(specs, k, i, j, stop, doc, caps, origin):
                    return caps.pop("\0end")
                continue
            end = _walk(specs, k + 1, j, stop, doc, caps, origin)
            if end >= 0:
                return end
        return -1
    if s.what == "start":
        if all(doc.tokens[j].kind == "punct" for j in range(doc.sentence_of(origin).first, i)):
            return _walk(specs, k + 1, i, stop, doc, caps, origin)
        return -1
    if s.what == "entity":
        for kind, end_tok in doc.ent_at.get(i, ()):
            if kind in s.kinds and end_tok <= stop and _try(specs, k, i, end_tok, stop, doc, caps, origin):
                return caps.pop("\0end")
    else:
        j = i
        while j < stop and j - i < s.max and s.test(doc.tokens[j], doc, j):
            j += 1
        for end_tok in range(j, i, -1):  # greedy repeat, backing off
            if _try(specs, k, i, end_tok, stop, doc, caps, origin):
                return caps.pop("\0end")
    if s.optional:
        return _walk(specs, k + 1, i, stop, doc, caps, origin)
    return -1


def _try(specs, k, i, end_tok, stop, doc, caps, origin) -> bool:
    name = specs[k].capture
    if name:
        prev = caps.get(name)
        # specs in a row with one capture name make one span: «стоимость доставки»
        caps[name] = (prev[0], end_tok) if prev and prev[1] == i else (i, end_tok)
    end = _walk(specs, k + 1, end_tok, stop, doc, caps, origin)
    if end >= 0:
        caps["\0end"] = end
        return True
    if name:
        if prev is None:
            caps.pop(name, None)
        else:
            caps[name] = prev
    return False


def _skippable(doc: Doc, j: int, s: Spec) -> bool:
    t = doc.tokens[j]
    if t.kind == "slot" or (t.kind == "ph" and not s.over_ph) or (t.kind == "punct" and not s.punct):
        return False
    return not any(x.test(t, doc, j) for x in s.exclude)


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
