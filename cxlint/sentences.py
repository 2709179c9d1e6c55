"""Pattern matches of a message, found sentence by sentence and remembered by the sentence's text.

A token pattern never crosses a sentence, and everything it reads — forms, parses, the word before
(«не»), the start of the sentence, time and money inside it — lies within the sentence. So the
matches in a sentence depend on its text alone, and are computed on the sentence taken by itself.
Replies repeat their sentences (greetings, sign-offs, the macros of a helpdesk), so the matches of a
sentence seen before cost one dictionary look-up. The memory is bounded: when it is full it starts
afresh, which costs time, never correctness.
"""

from __future__ import annotations

from .doc import Doc, Sentence, Token
from .finding import Finding, Suggestion
from .kinds import pattern as pm
from .placeholders import Placeholder


class Entry:
    """What is known of one sentence: the matches of every rule pattern (in the sentence's token
    offsets), and of the condition patterns asked about so far, which are found only when a rule
    has matched somewhere and asks."""

    __slots__ = ("bits", "conds", "findings", "found", "holds")

    def __init__(self, found: dict[int, tuple[pm.Match, ...]], bits: int):
        self.found = found
        self.bits = bits
        self.conds: dict[int, bool] = {}
        self.holds: dict[int, bool] = {}  # id(condition) → does its sentence part hold here
        self.findings: dict[tuple[int, str], tuple] = {}  # (pattern id, rule id) → a finding per match


class SentenceMatches:
    """The matches of a rule set's patterns, per sentence, remembered by the sentence's text.

    ``index.rule_candidates(doc, bits)`` gives the ids of the rule patterns that may match in a
    document whose tokens carry ``bits``; ``index.possible(pid, doc, bits)`` says whether one
    pattern may; ``index.token_bits(doc)`` gives each token's bits and ``index.lead_bit(pid)`` the
    bit find() anchors on; ``patterns[id]`` is the pattern.
    """

    def __init__(self, patterns: list[pm.Pattern], index, limit: int = 10_000):
        self.patterns = patterns
        self.index = index
        self.limit = limit
        self._memo: dict[str | tuple[str, str], Entry] = {}  # about 3 KB an entry

    def clear(self) -> None:
        """Forget every sentence (the benchmark starts each pass afresh)."""
        self._memo.clear()

    def of(self, doc: Doc) -> Matches:
        entries = []
        memo = self._memo
        for si, s in enumerate(doc.sentences):
            key = doc.text[s.start : s.end]
            if doc.masked is not doc.text:  # placeholders or skipped markup: both texts tell
                key = (doc.masked[s.start : s.end], key)
            entry = memo.get(key)
            if entry is None:
                if len(memo) >= self.limit:
                    memo.clear()
                entry = memo[key] = self._compute(_alone(doc, si))
            entries.append(entry)
        return Matches(self, doc, entries)

    def _compute(self, doc: Doc) -> Entry:
        index = self.index
        each = index.token_bits(doc)
        bits = 0
        for b in each:
            bits |= b
        found = {}
        for pid in index.rule_candidates(doc, bits):
            lead = index.lead_bit(pid)  # the tokens carrying the pattern's anchor, from the bits at hand
            at = None if lead is None else [i for i, b in enumerate(each) if b & lead]
            ms = pm.find(self.patterns[pid], doc, at=at)
            if ms:
                found[pid] = tuple(ms)
        return Entry(found, bits)


class Matches:
    """The pattern matches of one message, read from its sentences' entries."""

    __slots__ = ("_alone", "_any", "bits", "doc", "entries", "owner", "present")

    def __init__(self, owner: SentenceMatches, doc: Doc, entries: list[Entry]):
        self.owner = owner
        self.doc = doc
        self.entries = entries
        self.present: set[int] = set().union(*(e.found for e in entries))  # rule patterns that match
        self._alone: dict[int, Doc] = {}
        self._any: dict[int, bool] = {}
        self.bits = 0
        for e in entries:
            self.bits |= e.bits

    def findings(self, pid: int, rule_id: str, make):
        """(match, finding) of a rule pattern, in the message's offsets. ``make(doc, match)`` makes
        the finding (or None) on the sentence alone, once per sentence text; each message gets a copy."""
        for si, (s, e) in enumerate(zip(self.doc.sentences, self.entries, strict=True)):
            ms = e.found.get(pid)
            if not ms:
                continue
            made = e.findings.get((pid, rule_id))
            if made is None:
                alone = self.alone(si)
                made = e.findings[pid, rule_id] = tuple(make(alone, m) for m in ms)
            for m, f in zip(ms, made, strict=True):
                yield shift(m, s.first), (None if f is None else _moved(f, s.start))

    def alone(self, si: int) -> Doc:
        doc = self._alone.get(si)
        if doc is None:
            doc = self._alone[si] = _alone(self.doc, si)
        return doc

    def sentence_holds(self, u, si: int, test) -> bool:
        """Does the sentence part of condition ``u`` hold in sentence ``si``? ``test(doc)`` answers
        on the sentence alone, once per sentence text."""
        e = self.entries[si]
        ok = e.holds.get(id(u))
        if ok is None:
            ok = e.holds[id(u)] = test(self.alone(si), si)
        return ok

    def in_sentence(self, pid: int, si: int) -> bool:
        """Does a condition's pattern match in sentence ``si``?"""
        e = self.entries[si]
        if self.owner.index.is_rule(pid):  # a rule's pattern too: its matches are known
            return pid in e.found
        ok = e.conds.get(pid)
        if ok is None:
            owner = self.owner
            doc = self.alone(si)
            ok = e.conds[pid] = owner.index.possible(pid, doc, e.bits) and bool(pm.find(owner.patterns[pid], doc))
        return ok

    def anywhere(self, pid: int) -> bool:
        """Does a condition's pattern match in some sentence? Asked once per pattern and message."""
        found = self._any.get(pid)
        if found is None:
            mask = self.owner.index.needs(pid)
            found = self._any[pid] = mask & self.bits == mask and any(
                e.bits & mask == mask and self.in_sentence(pid, si) for si, e in enumerate(self.entries)
            )
        return found


def shift(m: pm.Match, by: int) -> pm.Match:
    caps = {k: (a + by, b + by) for k, (a, b) in m.captures.items()} if m.captures else m.captures
    return pm.Match(m.start + by, m.stop + by, caps)


def _moved(f: Finding, by: int) -> Finding:
    """A copy of a finding made on a sentence alone, placed ``by`` characters on in the message."""
    sugg = [Suggestion(x.start + by, x.end + by, x.replacement, x.safety, x.description) for x in f.suggestions]
    return Finding(f.rule, f.category, f.severity, f.message, f.start + by, f.end + by, f.text, sugg)


def _alone(doc: Doc, si: int) -> Doc:
    """Sentence ``si`` of ``doc`` as a document of its own: one sentence, offsets from its start."""
    s = doc.sentences[si]
    off = s.start
    toks = [
        Token(t.start - off, t.end - off, t.text, t.kind, t.norm, t.parses, t.lemmas, t.keys, 0)
        for t in doc.tokens[s.first : s.stop]
    ]
    phs = [
        Placeholder(p.start - off, p.end - off, p.text, p.slot) for p in doc.placeholders if s.start <= p.start < s.end
    ]
    return Doc(
        doc.text[s.start : s.end], toks, [Sentence(0, s.end - off, 0, len(toks))], phs, doc.masked[s.start : s.end]
    )
