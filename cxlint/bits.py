"""Token tests as bits, and a sentence read as its tokens' bits.

Every distinct token test the patterns make — what ``Spec.form_ok`` reads: kinds, forms, lemmas,
grammemes, known — gets a bit. A word form's bits, remembered, say which tests it passes, and a
sentence is read as the list of its tokens' bits: engine.RuleSet indexes the patterns by them and
matcher.py searches on them. Every bit is handed out before the first sentence is read (``seal``):
a bit made later would be missing from the forms remembered so far.
"""

from __future__ import annotations

from itertools import chain, count

from .doc import _RUN, _RUNS_LIMIT, Token, _run, _tokenize, token
from .entities import may_hold, may_hold_amount
from .kinds import pattern as pm
from .matcher import Bits
from .placeholders import Placeholder
from .sentences import Sent

_FORMS_LIMIT = 200_000  # word forms whose bits are remembered


class TokenBits:
    """The bits of one rule set's token tests, and what has been read with them."""

    def __init__(self):
        self._bit_of: dict[object, int] = {}  # a spec's form_key → its bit
        self._spec_bits: dict[int, int] = {}  # id(spec) → its bit
        self._key_bits: dict[str, int] = {}  # an index key → the bits of the specs a token with it may pass
        self._spec_of: dict[int, pm.Spec] = {}  # bit → a spec that tests for it
        self._any_bits = 0  # tests no index key narrows: every new form takes them
        self._sealed = False
        self.common = Bits(self.bit)  # «не», punctuation, placeholders, slots
        self.gate = self._bit_of["\0may hold an entity"] = 1 << len(self._bit_of)  # entities.may_hold
        self.amount_gate = self._bit_of["\0may hold an amount"] = 1 << len(self._bit_of)  # may_hold_amount
        self._form_bits: dict[tuple[str, str], int] = {}  # (kind, form) → the tests it passes
        self._runs: dict[str, tuple] = {}  # a run of non-space characters → its tokens' offsets and bits
        self._each: dict[str, tuple[int, ...]] = {}  # a run → its tokens' bits (the same, at hand)
        # a run → the number of its tokens' bits, one number for all runs whose tokens carry the same
        # bits. A sentence's shape is looked up by these numbers (Sent.key): they hash in a step,
        # where its tokens' bits are integers as wide as the rule set has tests.
        self._run_id: dict[str, int] = {}
        self._ids: dict[tuple[int, ...], int] = {}  # the bits of a run's tokens → their number
        self._numbers = count()  # a number is never given twice, even once _ids is emptied

    def bit(self, s: pm.Spec) -> int:
        """The bit of a token spec's test (specs that test alike share it)."""
        b = self._spec_bits.get(id(s))
        if b is not None:
            return b
        fk = s.form_key
        b = self._bit_of.get(fk)
        if b is None:
            if self._sealed:
                raise RuntimeError("every token test gets its bit before a sentence is read")
            b = self._bit_of[fk] = 1 << len(self._bit_of)
            self._spec_of[b] = s
            keys = s.token_keys
            for k in keys:
                self._key_bits[k] = self._key_bits.get(k, 0) | b
            if not keys:
                self._any_bits |= b
        self._spec_bits[id(s)] = b  # the rules keep their specs alive, so an id stays theirs
        return b

    def bits_of(self, s: pm.Spec) -> None:
        """Give every token test of a spec (and of what it excludes) its bit now."""
        if s.what == "token":
            self.bit(s)
        for x in s.exclude:
            self.bits_of(x)

    def seal(self) -> None:
        """No new bit from now on: sentences are about to be read."""
        self._sealed = True

    def sentence(self, masked: str, text: str, phs: tuple[Placeholder, ...]) -> Sent:
        """A sentence as the compiled patterns read it: each token's bits; where the tokens stand is
        worked out only when an entity is looked for. Tokens are those of doc.tokenize(), and the
        bits of a run of non-space characters are remembered."""
        if masked != text:  # a placeholder in a run: such runs are not remembered
            each, starts, ends = self._tokens(masked, text, phs)
            return Sent(masked, phs, each, starts, ends, gate=self.gate)
        runs = masked.split()
        try:  # every run seen before: no Python loop at all
            key = tuple(map(self._run_id.__getitem__, runs))
        except KeyError:
            key = tuple(map(self._id, runs))
        return Sent(masked, phs, None, None, None, self.gate, key, runs, self)

    def each_of(self, runs: list[str]) -> list[int]:
        """The bits of the tokens of a sentence's runs of non-space characters."""
        try:
            return list(chain.from_iterable(map(self._each.__getitem__, runs)))
        except KeyError:  # forgotten since the sentence was read
            return [b for r in runs for b in self.run_each(r)]

    def run_each(self, run: str) -> tuple[int, ...]:
        """The bits of the tokens of a run of non-space characters."""
        return self._each.get(run) or self._run_bits(run)[2]

    def _id(self, run: str) -> int:
        found = self._run_id.get(run)
        if found is None:
            self._run_bits(run)
            found = self._run_id[run]
        return found

    def _run_bits(self, run: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """The tokens of a run of non-space characters: their offsets in the run, and their bits."""
        runs = self._runs
        if len(runs) >= _RUNS_LIMIT:
            runs.clear()
            self._each.clear()
            self._run_id.clear()
            if len(self._ids) >= _RUNS_LIMIT:
                self._ids.clear()  # the numbers given stay given: a shape keyed by one is not met again
        toks = _run(run)
        bits = self._each[run] = tuple(self._form(t[3], t[4], t) for t in toks)
        n = self._ids.get(bits)
        if n is None:  # next() and setdefault() are one step each: threads never share a number
            n = self._ids.setdefault(bits, next(self._numbers))
        self._run_id[run] = n
        found = runs[run] = (tuple(t[0] for t in toks), tuple(t[1] for t in toks), bits)
        return found

    def offsets(self, masked: str, runs: list[str]) -> tuple[list[int], list[int]]:
        """Where the tokens of a sentence with no placeholder start and end; ``runs`` are its runs
        of non-space characters."""
        starts: list[int] = []
        ends: list[int] = []
        known = self._runs
        if len(masked) + 1 != sum(map(len, runs)) + len(runs):  # not one space character between runs
            for c in _RUN.finditer(masked):
                s = c.start()
                a, b, _ = known.get(c.group()) or self._run_bits(c.group())
                starts += [s + x for x in a]
                ends += [s + x for x in b]
            return starts, ends
        s = 0  # each run starts one after the last ends
        for w in runs:
            a, b, _ = known.get(w) or self._run_bits(w)
            if len(a) == 1:
                starts.append(s)
                ends.append(s + b[0])
            else:
                starts += [s + x for x in a]
                ends += [s + x for x in b]
            s += len(w) + 1
        return starts, ends

    def _tokens(self, masked: str, text: str, phs) -> tuple[list[int], list[int], list[int]]:
        """Each token's bits, starts and ends, token by token as doc.tokenize() makes them."""
        each: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        slots = frozenset(p.start for p in phs if p.slot)
        for c in _RUN.finditer(masked):
            run = c.group()
            s, e = c.span()
            if text[s:e] != run:
                toks = [(t.start, t.end, self._form(t.kind, t.norm, t)) for t in _tokenize(run, text[s:e], s, slots)]
            else:
                a, b, bits = self._runs.get(run) or self._run_bits(run)
                toks = [(s + x, s + y, z) for x, y, z in zip(a, b, bits, strict=True)]
            for x, y, z in toks:
                starts.append(x)
                ends.append(y)
                each.append(z)
        return each, starts, ends

    def _form(self, kind: str, norm: str, t) -> int:
        """The bits of the token tests a word form passes; ``t`` is the token (or doc._run()'s tuple)."""
        b = self._form_bits.get((kind, norm))
        if b is None:
            if not isinstance(t, Token):
                t = token(t)
            maybe = self._any_bits
            key_bits = self._key_bits
            for k in t.keys:
                maybe |= key_bits.get(k, 0)
            b = 0
            spec_of = self._spec_of
            while maybe:
                low = maybe & -maybe
                maybe ^= low
                if spec_of[low].form_ok(t):
                    b |= low
            if may_hold(norm):
                b |= self.gate
                if may_hold_amount(norm):
                    b |= self.amount_gate
            if len(self._form_bits) >= _FORMS_LIMIT:
                self._form_bits.clear()
            self._form_bits[kind, norm] = b
        return b
