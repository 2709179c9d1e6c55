"""The rule index, and the check of a message: the matches of its sentences (sentences.py), the
rules' conditions (conditions.py) and the findings made from the matches they keep (produce.py).

Rules are indexed by the token tests their patterns require, so a sentence only pays for the rules
whose words it holds.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from itertools import compress
from operator import and_

from . import placeholders, produce
from .bits import TokenBits
from .conditions import suppressed
from .doc import Doc, analyze, mask
from .entities import AMOUNTS
from .finding import Finding
from .kinds import pattern as pm
from .kinds.regex import one_of
from .matcher import Compiled, compile_pattern
from .rules import SEVERITIES, Rule
from .sentences import SentenceMatches, built, evict
from .splitter import sentence_spans

_BIT_PLACES = tuple(tuple(i for i in range(8) if v >> i & 1) for v in range(256))  # a byte → the places of its bits

# Lemmas so frequent that a pattern anchored on them would be tried in nearly every message.
_COMMON = frozenset("не ни мы вы я он она они это быть мочь в на с и а но что как по за к о от до для".split())


class RuleSet:
    """Rules compiled into an index. Every distinct token test a pattern requires (a lemma or its
    alternatives with their grammemes, a part of speech, a form) gets a bit; a word form's bits,
    cached, say which tests it passes; a sentence's bits are the OR of its tokens'. A pattern is
    tried only when the sentence has all its bits, and only at the tokens that pass its anchor's
    test."""

    def __init__(self, rules: list[Rule], severity: dict[str, str] | None = None, render=None, options=None):
        self.render = render  # slots of rewrites in the repository's slot format; None keeps «[срок]»
        self.options = options or {}  # rule options from config, e.g. placeholder-names
        # raw-text kinds, each with its options: the rule's defaults, then the configured values; a
        # kind that cannot find anything with its options (no placeholder names declared) is left out
        text = [r for r in rules if r.check is not None]
        text = [(r, {k: v["default"] for k, v in r.options.items()} | self.options) for r in text]
        text = [(r, opts) for r, opts in text if r.check.may_find(opts)]
        # checks that find alike (equal regexes of two rules) are asked once per message: each gets
        # the number of the first with its key
        shared: dict[tuple, int] = {}
        self._text = [(r, opts, shared.setdefault(r.check.key(opts), len(shared))) for r, opts in text]
        # a message with none of the characters one of which each of their matches holds skips them all
        chars = [r.check.needed_chars() for r, _, _ in self._text]
        self._text_gate = None if None in chars or not chars else one_of(frozenset().union(*chars))
        self.rules = rules
        self.severity = {r.id: (severity or {}).get(r.id, r.severity) for r in rules}
        # rules that say alike (category, severity, message, report and fix) make one finding of
        # one match: a finding is made once per match for all of them (make())
        says: dict[tuple, int] = {}
        self._says = {
            r.id: says.setdefault((r.category, self.severity[r.id], r.report, r.message, repr(r.fix)), len(says))
            for r in rules
        }
        self.bits = bits = TokenBits()
        self.sentence = bits.sentence
        # anchor bit → the patterns anchored there: (pattern id, bits) and (pattern id, bits, entity keys),
        # made into tuples once every rule is in
        self._by_bit: dict[int, tuple[list[tuple[int, int]], list[tuple[int, int, tuple]]]] = {}
        self._always: list[tuple[int, int, tuple]] = []
        self._anchors = 0  # the bits rule patterns anchor on
        self._pid: dict[int, int] = {}  # id(pattern) → pattern id, for rule patterns and conditions alike
        patterns: list[pm.Pattern] = []
        self._needs: list[tuple[int, tuple]] = []  # pattern id → (token bits, entity key sets as tuples)
        self._anchor: list[int | None] = []  # pattern id → the bit of its rarest required spec
        self._first: list[int] = []  # pattern id → the bit rule_candidates() tests first (the next rarest)
        self._reads_entities: list[bool] = []  # pattern id → has it an entity spec (even an optional one)
        self._rule_pids: set[int] = set()

        by_key: dict[tuple, int] = {}  # equal patterns of different rules are matched once
        spec_keys: dict[int, tuple] = {}  # id(spec) → spec.key: compiled rules share equal specs

        def spec_key(s: pm.Spec) -> tuple:
            k = spec_keys.get(id(s))
            if k is None:
                k = spec_keys[id(s)] = s.key
            return k

        bit = bits.bit
        index_keys: dict[int, frozenset[str]] = {}  # id(spec) → its index keys

        def indexable(s: pm.Spec) -> frozenset[str]:
            ks = index_keys.get(id(s))
            if ks is None:
                ks = index_keys[id(s)] = s.indexable
            return ks

        # pattern id → the pattern compiled against the bits, when first searched for
        self._compiled: list[Compiled | None] = []

        def add(p: pm.Pattern, rule: bool) -> int:
            if id(p) in self._pid:
                return self._pid[id(p)]
            key = tuple(map(spec_key, p.specs))
            pid = by_key.get(key)
            if pid is not None:
                self._pid[id(p)] = pid
                if rule and pid not in self._rule_pids:
                    self._rule_pids.add(pid)
                    self._index_rule(pid)
                return pid
            mask, ents, anchor = 0, [], anchor_of(p)
            for s in p.specs:
                ks = indexable(s)
                if not ks:
                    continue
                if s.what == "entity":
                    # entities are found only when a message may need them; the keys as a tuple,
                    # which the garbage collector stops watching, with the tuples that hold it
                    ents.append(tuple(sorted(ks)))
                    # and only where a token may be part of one: a sentence without is passed over
                    # before its entities are looked for
                    amounts = all(k.partition(".")[0] in AMOUNTS for k in s.kinds)
                    mask |= bits.amount_gate if amounts else bits.gate
                    continue
                mask |= bit(s)
            pid = self._pid[id(p)] = by_key[key] = len(patterns)
            patterns.append(p)
            self._compiled.append(None)
            for s in p.specs:
                bits.bits_of(s)
            self._needs.append((mask, tuple(ents)))
            self._reads_entities.append(any(map(_reads_entities, p.specs)))
            self._anchor.append(None if anchor is None else bit(anchor))
            self._first.append(bit(first_of(p, anchor)) if anchor is not None else 0)
            if rule:
                self._rule_pids.add(pid)
                self._index_rule(pid)
            return pid

        anchors: dict[int, pm.Spec | None] = {}  # id(pattern) → its anchor

        def rarest(p: pm.Pattern, besides: pm.Spec | None = None) -> pm.Spec | None:
            """The rarest token spec a pattern requires, other than one testing as ``besides`` does."""
            found, rarity = None, 3
            for s in p.specs:
                ks = indexable(s)
                if ks and s.what != "entity" and (besides is None or bit(s) != bit(besides)):
                    r = _rarity(ks)
                    if r < rarity:
                        found, rarity = s, r
            return found

        def anchor_of(p: pm.Pattern) -> pm.Spec | None:  # the spec a pattern is indexed and searched by
            if id(p) not in anchors:
                anchors[id(p)] = rarest(p)
            return anchors[id(p)]

        def first_of(p: pm.Pattern, anchor: pm.Spec) -> pm.Spec:  # the next rarest: the index tests it first
            return rarest(p, anchor) or anchor

        # The bits most often tested get the lowest places: an operation on Python ints costs what
        # the narrower operand's width does, and with ten times the rules there are thousands of
        # bits. Anchors first (the rule index and each search test them at every token), then the
        # other specs patterns require, then the rest.
        every = [p for r in rules for p in r.patterns] + [p for r in rules for p in r.condition_patterns()]
        for p in every:
            a = anchor_of(p)
            if a is not None:
                bit(a)
        for p in every:
            for s in p.specs:
                if indexable(s) and s.what != "entity":
                    bit(s)

        self._rule_of: dict[int, list[Rule]] = {}  # pattern id → the rules it belongs to, in rule order
        for r in rules:
            for p in r.patterns:
                self._rule_of.setdefault(add(p, True), []).append(r)
            for p in r.condition_patterns():
                add(p, False)
        bits.seal()
        # anchor bit → the patterns anchored there that read only bits (their ids, the bits they need,
        # and the byte and mask of their first test), apart for rule_candidates() to test in C, and
        # those that read entities too. A sentence's bits are read as bytes for the first test: the
        # wide integers are compared only for the patterns that pass it.
        self.nbytes = (len(bits._bit_of) + 7) // 8
        places = [(b.bit_length() - 1) for b in self._first]
        by_bit = {b: (tuple(p for p, _ in plain), tuple(n for _, n in plain), we,
                      tuple(places[p] >> 3 for p, _ in plain), tuple(1 << (places[p] & 7) for p, _ in plain))
                  for b, (plain, we) in self._by_bit.items()}  # fmt: skip
        # the same by the anchor's place: rule_candidates() reads the anchors a sentence carries off
        # the bytes of its bits, where taking the lowest bit off a wide integer made a new one
        self._by_place = [by_bit.get(1 << i) for i in range(self._anchors.bit_length())]
        self._anchor_bytes = (self._anchors.bit_length() + 7) // 8
        del self._by_bit
        self._conditions: dict[int, tuple[tuple, tuple]] = {}  # id(a condition's pattern list) → its patterns
        self._sieves: dict[int, tuple] = {}  # id(such patterns) → their anchors' places (sieve())
        self._narrowed: dict[tuple[int, frozenset[str]], tuple] = {}  # (id(patterns), entity keys) → narrowed()
        self.matches = SentenceMatches(patterns, self)

    def _index_rule(self, pid: int) -> None:
        need, ents = self._needs[pid]
        anchor = self._anchor[pid]
        if anchor is None:
            self._always.append((pid, need, ents))
            return
        plain, with_entities = self._by_bit.setdefault(anchor, ([], []))
        if self._reads_entities[pid]:
            with_entities.append((pid, need, ents))
        else:
            plain.append((pid, need))
        self._anchors |= anchor

    def is_rule(self, pid: int) -> bool:
        return pid in self._rule_pids

    def compiled(self, pid: int) -> Compiled:
        """Pattern ``pid`` compiled against the bits (made on first use: a cold start reads few)."""
        c = self._compiled[pid]
        if c is None:
            c = self._compiled[pid] = compile_pattern(self.matches.patterns[pid], self.bits.bit, self.bits.common)
        return c

    def reads_entities(self, pid: int) -> bool:
        """Does pattern ``pid`` read a sentence's entities? One that does not reads its tokens'
        bits alone, so sentences whose tokens carry the same bits match it alike."""
        return self._reads_entities[pid]

    def rule_candidates(self, have: int, seen: bytes) -> tuple[list[int], list[tuple[int, tuple]]]:
        """The rule patterns a sentence whose tokens carry ``have`` may match, as the ids of those
        that read only the bits and whose every required spec some token passes, and (id, entity
        key sets) of those that read entities too and whose token specs some token passes: which of
        these match depends on the sentence's entities, not on its bits alone. ``seen`` is ``have``
        as bytes, little-endian, ``nbytes`` long (Shape.seen)."""
        out: list[int] = []
        maybe = list(self._always)
        by_place = self._by_place
        anchors = (have & self._anchors).to_bytes(self._anchor_bytes, "little")
        for byte in compress(range(len(anchors)), anchors):  # the bytes with an anchor, found in C
            for place in _BIT_PLACES[anchors[byte]]:
                pids, needs, with_entities, at, masks = by_place[byte * 8 + place]
                for i in compress(range(len(pids)), map(and_, map(seen.__getitem__, at), masks)):
                    if have & needs[i] == needs[i]:  # every needed bit had
                        out.append(pids[i])
                if with_entities:
                    maybe += with_entities
        later: list[tuple[int, tuple]] = []
        reads = self._reads_entities
        for pid, need, ents in maybe:
            if need & have == need:
                if reads[pid]:
                    later.append((pid, ents))
                else:
                    out.append(pid)
        return out, later

    def condition_patterns(self, patterns: list[pm.Pattern]) -> tuple[tuple, tuple]:
        """The patterns of a condition as (pattern id, token bits it needs), those that read only
        bits apart from those that read entities too; remembered."""
        key = id(patterns)
        found = self._conditions.get(key)
        if found is None:
            pairs = [(self._pid[id(p)], self._needs[self._pid[id(p)]][0]) for p in patterns]
            reads = self._reads_entities
            found = self._conditions[key] = (
                tuple(x for x in pairs if not reads[x[0]]),
                tuple(x for x in pairs if reads[x[0]]),
            )
        return found

    def sieve(self, pairs: tuple[tuple[int, int], ...]) -> tuple:
        """What picks, out of a condition's patterns ``pairs`` (pattern id, bits it needs), those
        whose anchor a sentence's tokens carry, in C: the byte and mask of each one's anchor bit in
        ``bits.to_bytes(…, "little")`` (Shape.seen), their number, and the places of those with no
        anchor, which are always asked. A pattern's anchor is among the bits it needs, so a pattern
        the sieve drops cannot match; with ten times the rules a condition has dozens of patterns,
        and testing each one's bits in Python cost more than the search."""
        found = self._sieves.get(id(pairs))
        if found is None:
            at, masks, rest = [], [], []
            for i, (pid, _) in enumerate(pairs):
                a = self._anchor[pid]
                place = 0 if a is None else a.bit_length() - 1
                at.append(place >> 3)
                masks.append(0 if a is None else 1 << (place & 7))
                if a is None:
                    rest.append(i)
            found = self._sieves[id(pairs)] = (tuple(at), tuple(masks), len(pairs), tuple(rest))
        return found

    def narrowed(self, pairs: tuple[tuple[int, int], ...], keys: frozenset[str]) -> tuple:
        """Those of a condition's patterns that read entities, ``pairs`` (pattern id, bits it
        needs), that a sentence whose entities have the index keys ``keys`` may match: each of
        their entity specs has a key among them. Most sentences hold no time or money at all, and
        a condition asks for one in most of its patterns: with ten times the rules, asking each
        pattern in turn was most of what a condition cost."""
        found = self._narrowed.get((id(pairs), keys))
        if found is None:
            needs = self._needs
            found = tuple(x for x in pairs if all(not keys.isdisjoint(ks) for ks in needs[x[0]][1]))
            if len(self._narrowed) >= 100_000:
                self._narrowed.clear()
            self._narrowed[id(pairs), keys] = found
        return found

    def requires(self, pid: int) -> tuple[int, tuple]:
        """What pattern ``pid`` needs of a sentence: the bits of its token specs, and its entities'
        key sets (one key of each)."""
        return self._needs[pid]

    def make(self, pid: int, rule: Rule, ms: list[tuple], sent, text: str, masked: str, alone) -> tuple:
        """The findings of ``rule`` for the matches ``ms`` (matcher.find()'s tuples) of its pattern
        ``pid`` in a sentence (read as ``sent``, its ``text`` and ``masked`` text), as
        sentences.placed() and built() read them. ``alone()`` is the sentence analysed.

        A finding reads the tokens of its match and nothing else of the sentence but whether only
        punctuation stands before the match, and of its rule what it says: so it is made once per
        text and tokens of the match and what the rule says, and placed where the match stands
        («не можем» in a thousand replies, or under each of the rules that say alike)."""
        starts, ends = sent._offsets()
        punct = self.bits.common.punct
        opening = sent.opening(punct)
        memory = self.matches
        made = memory.made
        out: list = [pid, rule.id]
        says = self._says[rule.id]
        doc = None
        for m in ms:
            a, b, caps = m
            r0, r1 = starts[a], ends[b - 1]
            back = r0.__rsub__  # an offset from the match's start
            key = (
                says, text[r0:r1], None if masked is text else masked[r0:r1],
                tuple(map(back, starts[a:b])), tuple(map(back, ends[a:b])),
                tuple((n, x - a, y - a) for n, (x, y) in caps) if caps else (), a <= opening,
            )  # fmt: skip
            piece = made.get(key)
            if piece is None:
                if doc is None:
                    doc = alone()
                f = self._finding(rule, doc, pm.Match.of(m))
                piece = () if f is None else produce.piece(f, r0)
                if len(made) >= memory.limit:
                    evict(made)
                made[key] = piece
            if piece:
                out += produce.moved(piece, r0)
        return tuple(out)

    def _finding(self, rule: Rule, doc: Doc, m: pm.Match) -> Finding | None:
        f = produce.finding(rule, self.severity[rule.id], doc, m)
        if f is not None and self.render is not None:
            f.suggestions = [replace(s, replacement=self.render(s.replacement)) for s in f.suggestions]
        return f

    def check(self, doc: Doc) -> list[Finding]:
        """The findings of an analysed message."""
        return self._check(self.matches.of(doc), doc, lambda: doc)

    def check_text(self, text: str, syntax: placeholders.Syntax = placeholders.DEFAULT) -> list[Finding]:
        """The findings of a message, analysed only as far as the rules ask: it is cut into
        sentences from the text around each gap where one may end, and a sentence seen before is
        not analysed again."""
        phs = placeholders.find(text, syntax)
        masked = mask(text, phs)
        memory = self.matches
        slots = frozenset(p.start for p in phs if p.slot) if phs else frozenset()
        spans = sentence_spans(masked, text, slots, memory.lines, memory.limit)
        if spans is None:
            return self.check(analyze(text, syntax))
        matches = memory.of_spans(text, masked, phs, spans)
        doc: list[Doc] = []

        def whole() -> Doc:  # the message analysed in full, for the few checks that read all of it
            if not doc:
                doc.append(analyze(text, syntax))
            return doc[0]

        return self._check(matches, _Text(text, phs), whole)

    def _check(self, matches, message, whole) -> list[Finding]:
        found: dict[str, list[Finding]] = {}
        rules: dict[str, Rule] = {}
        memo: dict = {"matches": matches, "index": self}
        quiet: dict[tuple[str, int], bool] = {}  # (rule, sentence) → silenced: asked once for all its patterns
        rule_of = self._rule_of
        where = matches.where
        for pid in sorted(where):
            sis = where[pid]
            for rule in rule_of[pid]:
                rid = rule.id
                for si in sis:
                    key = (rid, si)
                    silenced = quiet.get(key)
                    if silenced is None:  # conditions read the sentence, not the match
                        silenced = quiet[key] = suppressed(rule, si, memo)
                    if silenced:
                        continue
                    fs = matches.findings(pid, rule, si, self.make)
                    if fs:
                        found.setdefault(rid, []).extend(fs)
                        rules[rid] = rule
        gate = self._text_gate
        asked: dict[int, list] = {}  # the matches of each check, by its number
        for rule, opts, k in self._text if gate is None or gate.search(message.text) else ():
            tms = asked.get(k)
            if tms is None:
                tms = asked[k] = rule.check.find(message, opts)
            for f in produce.text_findings(rule, self.severity[rule.id], tms, whole, self.render, memo):
                found.setdefault(rule.id, []).append((f.start, f.end, f, -1, 0))  # as sentences.placed()
                rules[rule.id] = rule
        out: list[Finding] = []
        for rid, fs in found.items():
            rule = rules[rid]
            silencers = rule.unless.rules
            if silencers and any(
                other != rid and (other in silencers or rules[other].category in silencers) for other in found
            ):
                continue  # another rule already says it, with its own fix
            out.extend(map(built, produce.distinct(fs, rule, matches.sentence_at)))
        out.sort(key=lambda f: (f.start, f.end, f.rule))
        return out


class _Text:
    """What the raw-text kinds read of a message: its text and placeholders."""

    __slots__ = ("placeholders", "text")

    def __init__(self, text: str, phs: list):
        self.text = text
        self.placeholders = phs


def _reads_entities(s: pm.Spec) -> bool:
    return s.what == "entity" or any(map(_reads_entities, s.exclude))


@functools.lru_cache(maxsize=4096)
def _rarity(keys: frozenset[str]) -> int:
    """How often a key set is met in replies, roughly: parts of speech and token kinds are
    everywhere, a few function words nearly so, any other lemma is rare."""
    if all(k.startswith("\0") for k in keys):
        return 2
    return 1 if keys & _COMMON else 0


def worst(findings: list[Finding]) -> int:
    """The highest severity index among findings, or -1."""
    return max((SEVERITIES.index(f.severity) for f in findings), default=-1)
