"""Pattern matches of a message, found sentence by sentence and remembered by the sentence's text.

A token pattern never crosses a sentence, and everything it reads — forms, parses, the word before
(«не»), the start of the sentence, time and money inside it — lies within the sentence. So the
matches in a sentence depend on its text alone, and are computed on the sentence taken by itself.
Replies repeat their sentences (greetings, sign-offs, the macros of a helpdesk), so the matches of a
sentence seen before cost one dictionary look-up. A pattern that reads only its tokens' bits
(cxlint/bits.py) matches alike in every sentence whose tokens carry the same bits in the same order
— one *shape* — so a sentence that differs from one seen before only in a name or a number pays
only for the patterns that read its time and money. Every memory is bounded: when one is full it
forgets half of it, which costs time, never correctness.
"""

from __future__ import annotations

import bisect
import itertools
from functools import reduce
from itertools import chain, compress
from operator import and_, or_

from .doc import Doc, Entities, Sentence, lazy_tokens
from .entities import entities_of, folded, named
from .finding import Finding, Suggestion
from .kinds import pattern as pm
from .matcher import find
from .placeholders import Placeholder


class Sent(Entities):
    """A sentence as compiled patterns read it: each token's bits (cxlint/bits.py) and where the
    tokens stand; its entities when a pattern asks."""

    __slots__ = ("_each", "anchored", "bits", "ends", "gate", "key", "reader", "runs", "sig", "starts")

    def __init__(self, masked: str, phs, each, starts, ends, gate: int = -1, key=None, runs=None, reader=None):
        super().__init__(masked, phs)
        # each token's bits and where it starts and ends, or None: ``reader`` (the TokenBits that
        # read the sentence) tells them from its ``runs`` of non-space characters when first asked
        self._each = each
        self.starts = starts
        self.ends = ends
        self.reader = reader
        self.runs = runs
        self.gate = gate  # the bit of the tokens that may be part of an entity (entities.may_hold)
        # the numbers of its runs' bits (TokenBits.sentence), or None: its shape is known by ``each``
        self.key: tuple[int, ...] | None = key
        self.bits: int | None = None  # the OR of the tokens' bits, once its shape is known
        self.sig: tuple | None = None  # signature(), once read
        self.anchored: dict[int, list[int]] = {}  # the bit of an anchor → the tokens that carry it (matcher.find)

    @property
    def each(self) -> list[int]:
        """Each token's bits: made when first read, which a sentence of a shape met before whose
        patterns read no entity never is."""
        each = self._each
        if each is None:
            each = self._each = self.reader.each_of(self.runs)
        return each

    def opening(self, punct: int) -> int:
        """How many tokens open the sentence whose bits hold ``punct`` (punctuation): read off
        the runs' bits, without the list of every token's, which only a match would need."""
        each = self._each
        if each is None:
            each = chain.from_iterable(map(self.reader.run_each, self.runs))
        n = 0
        for b in each:
            if not b & punct:
                break
            n += 1
        return n

    def _may_hold(self) -> bool:
        if self.bits is not None:
            return bool(self.bits & self.gate)
        return any(map(self.gate.__and__, self.each))

    def _offsets(self) -> tuple[list[int], list[int]]:
        if self.starts is None:
            self.starts, self.ends = self.reader.offsets(self.masked, self.runs)
        return self.starts, self.ends

    @property
    def ent_at(self) -> dict[int, tuple[tuple[str, int], ...]]:
        if self._ent_at is None:
            self._read_entities()
        return self._ent_at

    @property
    def entity_keys(self) -> frozenset[str]:
        if self._entity_keys is None:
            self._read_entities()
        return self._entity_keys

    @property
    def facts(self) -> frozenset[str]:
        if self._facts is None:
            self._read_entities()
        return self._facts

    def signature(self) -> tuple:
        """Where entities and facts begin and end, in tokens, and of what kind, in the order a
        pattern reads them: with the tokens' bits, all that a pattern that reads entities reads."""
        if self.sig is None:
            self._read_entities()
        return self.sig

    def _read_entities(self) -> None:
        """Where the entities stand (ent_at, signature(), entity_keys, facts). With no placeholder
        they depend on the text with its digits folded as the entity grammar reads them
        (entities.folded()), which a token reads as a digit too: so they are remembered by it,
        and a sentence that differs from one read before only in an order number, a phone or an
        amount's hundreds does not look for them or place them on its tokens."""
        phs = self.placeholders
        key = None if phs or not self._may_hold() else folded(self.masked)
        known = None if key is None else _PLACED.get(key)
        if known is None:
            if key is not None:
                self._entities = entities_of(self.masked)
            sig = tuple(sorted((i, tuple(v)) for i, v in Entities.ent_at.fget(self).items()))
            keys, facts = Entities.entity_keys.fget(self), Entities.facts.fget(self)
            if key is not None:
                if len(_PLACED) >= _PLACED_LIMIT:
                    _PLACED.clear()
                _PLACED[key] = (sig, tuple(sorted(keys)), tuple(sorted(facts)))
            keys, facts = _shared(keys), _shared(facts)
        else:
            sig, keys, facts = known[0], _set_of(known[1]), _set_of(known[2])
        self.sig = sig
        self._ent_at = dict(sig) if sig else _NO_ENTITIES
        self._entity_keys, self._facts = keys, facts


_NO_ENTITIES: dict = {}  # shared: an ent_at is only read
# a sentence's text, digits folded → Sent._read_entities(): its signature, entity keys and facts, as
# tuples of numbers and strings, which the garbage collector stops watching (it watches every
# frozenset in every full collection)
_PLACED: dict[str, tuple[tuple, tuple[str, ...], tuple[str, ...]]] = {}
_PLACED_LIMIT = 20_000
_SETS: dict[tuple[str, ...], frozenset[str]] = {}  # the few distinct sets of entity keys and facts


def _set_of(names: tuple[str, ...]) -> frozenset[str]:
    """The frozenset of a sorted tuple of names, one object for all equal ones."""
    found = _SETS.get(names)
    if found is None:
        if len(_SETS) >= 10_000:
            _SETS.clear()
        found = _SETS[names] = _shared(frozenset(names))
    return found


class Shape:
    """What sentences whose tokens carry the same bits, in the same order, share: the OR of the
    bits, the matches of the rule patterns that read nothing else, the rule patterns whose matches
    depend on the sentence's entities too, and the answers for the condition patterns that read
    only bits. Sentences that differ only in names and numbers («Заказ 4512 передан в доставку» and
    «Заказ 7730 …») have one shape: it is worked out for the first of them. Patterns that read
    entities match alike in sentences of one shape whose entities stand alike (Sent.signature():
    «через 3 дня» and «через 5 дней»): their matches and answers are kept per signature."""

    __slots__ = ("anys", "bits", "conds", "found", "later", "later_found", "seen", "signed", "used")

    def __init__(self, bits: int, nbytes: int):
        self.bits = bits
        self.seen = bits.to_bytes(nbytes, "little")  # the bits as bytes, for RuleSet.sieve()
        self.used = False  # met again since the memory was last full (forget_unused)
        self.found: tuple[tuple, ...] = ()  # per pattern that matches: _flat_matches()
        self.later: tuple[tuple[int, tuple], ...] = ()  # (pattern id, entity key sets): ask the sentence
        self.conds: dict[int, bool] = {}  # condition pattern that reads only bits → does it match
        self.anys: dict[int, bool] = {}  # id of such patterns of a condition → does one of them match
        self.later_found: dict[tuple, tuple] = {}  # signature → the matches of the ``later`` patterns
        # signature → condition pattern that reads entities → does it match; and the negated id of
        # a condition's group of such patterns → does one of them match (Matches.any_in_sentence)
        self.signed: dict[tuple, dict[int, bool]] = {}


class Entry:
    """What is known of one sentence: the matches of every rule pattern (in the sentence's token
    offsets) and the findings made from them; the matches of the condition patterns asked about so
    far, which are found only when a rule has matched somewhere and asks. The sentence's text is
    kept, not its analysis: that is rebuilt from the remembered tokens when a rule asks for more."""

    __slots__ = (
        "bits", "conds", "entity_keys", "facts", "findings", "found", "holds", "masked", "phs", "shape", "text",
        "used", "whole",
    )  # fmt: skip

    def __init__(self, text: str, masked: str, phs: tuple[Placeholder, ...]):
        self.text = text
        self.masked = masked
        self.phs = phs
        # An entry keeps its matches and findings as flat tuples of numbers and strings, one per
        # pattern: the garbage collector stops watching such a tuple (and a tuple of them) at its
        # first pass, where nested ones or a dict of them would be watched in every full collection
        # — and a memory of thousands of sentences would make those slow and frequent.
        self.found: tuple[tuple, ...] = ()  # per pattern that matches: _flat_matches()
        self.findings: tuple[tuple, ...] = ()  # per pattern and rule asked: as placed() reads them
        self.bits = 0  # the OR of its tokens' bits
        self.shape: Shape | None = None
        # condition pattern that reads entities → does it match: Shape.signed of its signature, once read
        self.conds: dict[int, bool] | None = None
        self.holds: dict[int, bool] = {}  # id(condition) → does its sentence part hold here
        self.whole: dict[int, bool] = {}  # id(condition) → does its message part hold here
        self.facts: frozenset[str] | None = None  # kinds of facts in the sentence (time, money …)
        self.entity_keys: frozenset[str] | None = None  # the rule index's keys of its entities
        self.used = False  # read again since the memory was last full (forget_unused)

    def keep_entities(self, sent: Entities) -> None:
        """Remember the facts and entity keys of the sentence, read as ``sent``."""
        self.facts, self.entity_keys = _shared(sent.facts), _shared(sent.entity_keys)

    def analyse(self) -> Doc:
        """The sentence analysed as a document of its own."""
        slots = frozenset(p.start for p in self.phs if p.slot) if self.phs else frozenset()
        toks = lazy_tokens(self.masked, self.text, slots)  # a finding reads the tokens of its match
        return Doc(self.text, toks, [Sentence(0, len(self.text), 0, len(toks))], list(self.phs), self.masked)


class SentenceMatches:
    """The matches of a rule set's patterns, per sentence, remembered by the sentence's text.

    ``index.sentence(masked, text, phs)`` reads a sentence as patterns do (a Sent);
    ``index.rule_candidates(bits, seen)`` gives the rule patterns that may match in a sentence
    whose tokens carry ``bits`` (``seen``: the same as bytes); ``index.reads_entities(pid)`` tells
    a pattern that reads more than the bits; ``index.requires(pid)`` gives the bits and entity keys
    one pattern needs; ``index.compiled(pid)`` the pattern compiled; ``patterns[id]`` is the
    pattern.
    """

    def __init__(self, patterns: list[pm.Pattern], index, limit: int = 20_000):
        self.patterns = patterns
        self.index = index
        self.limit = limit
        self._memo: dict[str | tuple[str, str], Entry] = {}  # about 3 KB an entry
        self._shapes: dict[tuple[int, ...], Shape] = {}  # a sentence's tokens' bits → its shape
        self.made: dict[tuple, tuple] = {}  # what a finding reads of a sentence → it (RuleSet.make)
        self.lines = Lines()  # a line of a message → where its sentences end (splitter.sentence_spans)

    def clear(self) -> None:
        """Forget every text seen: sentences, shapes, findings and the lines of messages (the
        benchmark starts each pass afresh). What is known of single words stays."""
        self._memo.clear()
        self._shapes.clear()
        self.made.clear()
        self.lines.clear()

    def of(self, doc: Doc) -> Matches:
        """The matches of an analysed message."""
        return self.of_spans(doc.text, doc.masked, doc.placeholders, [(s.start, s.end) for s in doc.sentences])

    def of_spans(self, text: str, masked: str, phs: list[Placeholder], spans: list[tuple[int, int]]) -> Matches:
        """The matches of a message cut into sentences at ``spans`` (character offsets)."""
        entries = []
        sents: dict[int, Sent] = {}
        memo = self._memo
        plain = masked is text
        for si, (a, b) in enumerate(spans):
            key = t = text[a:b]
            if not plain:  # placeholders or skipped markup: both texts tell
                key = (masked[a:b], t)
            entry = memo.get(key)
            if entry is None:
                sphs = (
                    ()
                    if plain
                    else tuple(Placeholder(p.start - a, p.end - a, p.text, p.slot) for p in phs if a <= p.start < b)
                )
                entry = Entry(t, t if plain else key[0], sphs)
                sents[si] = sent = self.index.sentence(entry.masked, t, sphs)
                self._compute(entry, sent)
                if len(memo) >= self.limit:
                    forget_unused(memo)
                memo[key] = entry  # only once computed: another thread may read it at once
            else:
                entry.used = True
            entries.append(entry)
        return Matches(self, spans, entries, sents)

    def _compute(self, entry: Entry, sent: Sent) -> None:
        shapes = self._shapes
        key = sent.key
        if key is None:  # a placeholder in a run: known by its tokens' bits, which no run's numbers equal
            key = (None, *sent.each)
        shape = shapes.get(key)
        if shape is None:
            shape = Shape(reduce(or_, sent.each, 0), self.index.nbytes)
            plain, later = self.index.rule_candidates(shape.bits, shape.seen)
            shape.found = self._found(plain, sent)
            shape.later = tuple(later)
            if len(shapes) >= self.limit:
                forget_unused(shapes)
            shapes[key] = shape  # only once worked out: another thread may read it at once
        else:
            shape.used = True
        entry.shape = shape
        entry.bits = sent.bits = shape.bits
        found = shape.found
        if shape.later:  # the patterns that read entities: where the sentence's entities stand decides
            sig = sent.signature()
            later = shape.later_found.get(sig)
            if later is None:
                keys = sent.entity_keys
                held = [pid for pid, ents in shape.later if not any(keys.isdisjoint(ks) for ks in ents)]
                later = shape.later_found[sig] = self._found(held, sent)
            found += later
            entry.conds = shape.signed.setdefault(sig, {})
        entry.found = found
        if sent._facts is not None:  # found for a candidate's sake: keep what the conditions read
            entry.keep_entities(sent)

    def _found(self, pids, sent: Sent) -> tuple[tuple, ...]:
        """_flat_matches() of each of the patterns ``pids`` that matches in a sentence."""
        out = []
        for pid in pids:
            ms = self.find(pid, sent)
            if ms:
                out.append(_flat_matches(pid, ms))
        return tuple(out)

    def find(self, pid: int, sent: Sent) -> list[tuple]:
        """The matches of pattern ``pid`` in a sentence (matcher.find()'s tuples)."""
        return find(self.index.compiled(pid), sent)


class Matches:
    """The pattern matches of one message, read from its sentences' entries."""

    __slots__ = ("docs", "entries", "owner", "sents", "spans", "where")

    def __init__(self, owner: SentenceMatches, spans: list[tuple[int, int]], entries: list[Entry], sents: dict):
        self.owner = owner
        self.spans = spans
        self.entries = entries
        self.sents = sents  # sentence → how patterns read it, for the sentences read so far
        self.docs: dict[int, Doc] = {}  # sentence → its analysis, for the sentences analysed so far
        self.where: dict[int, list[int]] = {}  # rule pattern → the sentences it matches in
        for si, e in enumerate(entries):
            for flat in e.found:
                pid = flat[0]
                self.where.setdefault(pid, []).append(si)

    def facts_of(self, si: int) -> frozenset[str]:
        """Kinds of facts in sentence ``si`` (time, money, percent …)."""
        e = self.entries[si]
        if e.facts is None:
            e.keep_entities(self.sent(si))
        return e.facts

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence holding a character offset."""
        return max(0, bisect.bisect_right([a for a, _ in self.spans], offset) - 1)

    def findings(self, pid: int, rule, si: int, make) -> list[tuple]:
        """The findings of ``rule``'s pattern ``pid`` in sentence ``si``, in the message's offsets,
        as placed(): built() makes each a Finding, once it is known to be kept.
        ``make(pid, rule, matches, sent, text, masked, alone)`` makes them on the sentence alone
        (RuleSet.make), once per sentence text (only when a message keeps them: most matches are
        silenced by a condition); each message gets a copy moved to where the sentence stands."""
        e = self.entries[si]
        rid = rule.id
        for made in e.findings:
            if made[0] == pid and made[1] == rid:
                break
        else:
            ms = _matches(next(flat for flat in e.found if flat[0] == pid))
            made = make(pid, rule, ms, self.sent(si), e.text, e.masked, lambda: self.alone(si))
            e.findings += (made,)
        return placed(made, self.spans[si][0])

    def alone(self, si: int) -> Doc:
        """Sentence ``si`` analysed as a document of its own."""
        doc = self.docs.get(si)
        if doc is None:
            doc = self.docs[si] = self.entries[si].analyse()
        return doc

    def sent(self, si: int) -> Sent:
        """Sentence ``si`` as patterns read it."""
        sent = self.sents.get(si)
        if sent is None:
            e = self.entries[si]
            sent = self.sents[si] = self.owner.index.sentence(e.masked, e.text, e.phs)
            sent.bits = e.bits
        return sent

    def sentence_holds(self, u, si: int, test, index) -> bool:
        """Does the sentence part of condition ``u`` hold in sentence ``si``? ``test(u, sent, si,
        self, index)`` answers on the sentence alone (a Sent), once per sentence text."""
        e = self.entries[si]
        ok = e.holds.get(id(u))
        if ok is None:
            ok = e.holds[id(u)] = test(u, self.sent(si), si, self, index)
        return ok

    def in_sentence(self, pid: int, si: int) -> bool:
        """Does a condition's pattern match in sentence ``si``?"""
        index = self.owner.index
        if index.is_rule(pid):  # a rule's pattern too: its matches are known
            return si in self.where.get(pid, ())
        e = self.entries[si]
        if not index.reads_entities(pid):  # the bits tell: sentences of one shape answer alike
            conds = e.shape.conds
            ok = conds.get(pid)
            if ok is None:
                need = index.requires(pid)[0]
                ok = conds[pid] = need & e.bits == need and bool(self.owner.find(pid, self.sent(si)))
            return ok
        need, ents = index.requires(pid)
        if need & e.bits != need:
            return False
        conds = e.conds  # the answers of the sentences of its shape whose entities stand alike
        if conds is None:
            sent = self.sent(si)
            conds = e.conds = e.shape.signed.setdefault(sent.signature(), {})
            if e.entity_keys is None:
                e.keep_entities(sent)
        ok = conds.get(pid)
        if ok is None:
            ok = conds[pid] = all(not e.entity_keys.isdisjoint(ks) for ks in ents) and bool(
                self.owner.find(pid, self.sent(si))
            )
        return ok

    def any_in_sentence(self, patterns: tuple[tuple, tuple], si: int) -> bool:
        """Does one of a condition's patterns match in sentence ``si``? ``patterns`` are those that
        read only bits and those that read entities too, each as (pattern id, bits it needs): the
        answer for the first is one per shape of sentence."""
        plain, with_entities = patterns
        e = self.entries[si]
        if plain:
            anys = e.shape.anys
            ok = anys.get(id(plain))
            if ok is None:
                ok = anys[id(plain)] = self._any(plain, si, e)
            if ok:
                return True
        if not with_entities:
            return False
        # the answer for those that read entities is one per shape and signature, kept with the
        # answers for each of them (Shape.signed) under the negated id of the group, once the
        # sentence's signature is known: a group none of whose patterns its bits allow is answered
        # without reading its entities
        conds = e.conds
        if conds is not None:
            ok = conds.get(-id(with_entities))
            if ok is not None:
                return ok
        # once the sentence's entities are known, only the patterns whose entities it holds are asked
        keys = e.entity_keys
        pairs = with_entities if keys is None else self.owner.index.narrowed(with_entities, keys)
        ok = bool(pairs) and self._any(pairs, si, e)
        if e.conds is not None:
            e.conds[-id(with_entities)] = ok
        return ok

    def _any(self, pairs: tuple, si: int, e: Entry) -> bool:
        """Does one of the patterns ``pairs`` match in sentence ``si``? Only those whose anchor its
        tokens carry are looked at (RuleSet.sieve)."""
        at, masks, n, rest = self.owner.index.sieve(pairs)
        bits = e.bits
        for i in chain(compress(range(n), map(and_, map(e.shape.seen.__getitem__, at), masks)), rest):
            pid, need = pairs[i]
            if need & bits == need and self.in_sentence(pid, si):
                return True
        return False

    def has_fact(self, names: frozenset[str], si: int) -> bool:
        """Does sentence ``si`` hold one of the facts ``names`` (time, money, owner …)? Entities are
        looked for only when one of the names is an entity's."""
        e = self.entries[si]
        if e.facts is None and not named(names):
            return any(p.fact in names for p in e.phs)
        return not names.isdisjoint(self.facts_of(si))

    def message_holds(self, u, test) -> bool:
        """Does the message part of condition ``u`` hold: does ``test(si)`` hold for some sentence?
        Each sentence's answer is remembered with the sentence; the sentences that remember theirs
        answer first, so a new sentence is analysed only when none of them says yes."""
        key = id(u)
        unknown = []
        for si, e in enumerate(self.entries):
            ok = e.whole.get(key)
            if ok:
                return True
            if ok is None:
                unknown.append(si)
        for si in unknown:
            e = self.entries[si]
            ok = e.whole[key] = test(si)
            if ok:
                return True
        return False


def evict(memo: dict) -> None:
    """Forget the older half of a full memory: a dict keeps the order things came in, and what a
    helpdesk repeats comes back soon."""
    for key in list(itertools.islice(memo, max(1, len(memo) // 2))):
        memo.pop(key, None)  # another thread may have forgotten it first


def forget_unused(memo: dict) -> None:
    """Make room in a full memory of sentences or shapes (values with a ``used`` flag):
    forget half of it, first what has not been met again since it was last full, oldest first,
    then the oldest of the rest. A helpdesk's greetings, sign-offs and macros come back all day:
    forgetting the older half whatever its use forgot them with the rest, and a service in its
    steady state read 12,955 of a pass's 13,222 distinct sentences anew. The survivors start
    afresh. Keys and values are listed apart: a pair per entry, 20,000 new tuples, made the
    collector promote them all to its oldest generation and start a full collection."""
    values = list(memo.values())  # each one step in C: another thread may change the memory
    keys = list(memo)  # meanwhile, which costs at worst what one sentence or shape would
    for i in _half(range(min(len(keys), len(values))), lambda i: values[i].used):
        memo.pop(keys[i], None)  # another thread may have forgotten it first
    for e in values:
        e.used = False


def _half(things: list, used) -> list:
    """The half of a full memory's ``things`` (oldest first) to forget: first those ``used`` says
    were not met again since it was last full, oldest first, then the oldest of the rest."""
    half = max(1, len(things) // 2)
    drop = [x for x in things if not used(x)][:half]
    if len(drop) < half:
        drop += [x for x in things if used(x)][: half - len(drop)]
    return drop


class Lines(dict):
    """A memory of lines: a line's text, or its digits made zeros (splitter._digits_folded) →
    where the sentences inside it end, as a tuple of offsets in the line; ``used``, the lines met
    again since the memory was last full. The cuts are plain tuples, which the garbage collector
    stops watching, where an object per line (ten thousand of them a day) would be watched in
    every full collection and make those more frequent."""

    __slots__ = ("used",)

    def __init__(self):
        super().__init__()
        self.used: set[str | bytes] = set()

    def clear(self) -> None:
        super().clear()
        self.used.clear()

    def forget(self) -> None:
        """Make room: forget half, first the lines not met again, oldest first (forget_unused)."""
        keys = list(self)  # one step in C: another thread may add to the memory meanwhile
        for k in _half(keys, self.used.__contains__):
            self.pop(k, None)  # another thread may have forgotten it first
        self.used.clear()


_SHARED: dict[frozenset[str], frozenset[str]] = {}  # the few distinct sets of facts and entity keys


def _shared(keys: frozenset[str]) -> frozenset[str]:
    """One object for equal sets, so that thousands of sentences do not each keep their own."""
    found = _SHARED.get(keys)
    if found is None:
        if len(_SHARED) >= 10_000:
            _SHARED.clear()
        found = _SHARED[keys] = keys
    return found


def _flat_matches(pid: int, ms: list[tuple]) -> tuple:
    """A pattern's matches in a sentence (matcher.find()'s tuples) as one flat tuple: the pattern
    id, then per match its start, stop, number of captures and each capture's name, start, stop."""
    out: list = [pid]
    for start, stop, caps in ms:
        out += (start, stop, len(caps))
        for name, (a, b) in caps:
            out += (name, a, b)
    return tuple(out)


def _matches(flat: tuple) -> list[tuple]:
    """matcher.find()'s tuples back from _flat_matches()."""
    out, i = [], 1
    while i < len(flat):
        start, stop, n = flat[i : i + 3]
        i += 3
        caps = tuple((flat[j], (flat[j + 1], flat[j + 2])) for j in range(i, i + 3 * n, 3))
        i += 3 * n
        out.append((start, stop, caps))
    return out


def placed(flat: tuple, by: int) -> list[tuple[int, int, tuple, int, int]]:
    """The findings of a rule's pattern in a sentence, from one flat tuple (RuleSet.make()): the
    pattern and rule ids, then per finding its fields, its number of suggestions and each
    suggestion's fields. Each as (start, end) placed ``by`` characters on in the message, the
    tuple, where in it the finding starts, and ``by``: what one-finding-per-span reads
    (produce.distinct), with the rest left for built(). Nearly half the findings a message's
    sentences remember are dropped there, as overlapping or as said once already."""
    out, i, n = [], 2, len(flat)
    while i < n:
        out.append((flat[i + 3] + by, flat[i + 4] + by, flat, i, by))
        i += 7 + 5 * flat[i + 6]
    return out


def built(p: tuple) -> Finding:
    """A Finding from placed()'s tuple; a Finding in its place (a raw-text kind's) is itself."""
    start, end, flat, i, by = p
    if i < 0:
        return flat
    category, severity, message, _, _, text, n = flat[i : i + 7]
    i += 7
    if n == 1:  # most findings suggest one rewrite
        sugg = [Suggestion(flat[i] + by, flat[i + 1] + by, flat[i + 2], flat[i + 3], flat[i + 4])]
    else:
        sugg = [Suggestion(flat[j] + by, flat[j + 1] + by, *flat[j + 2 : j + 5]) for j in range(i, i + 5 * n, 5)]
    return Finding(flat[1], category, severity, message, start, end, text, sugg)
