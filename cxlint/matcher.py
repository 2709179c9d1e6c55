"""Token patterns compiled against one rule set's bits, and matched on a sentence's bits.

A rule set gives every distinct token test (kinds, forms, lemmas, grammemes, known) a bit, and each
word form the bits of the tests it passes (cxlint/bits.py). A compiled pattern reads nothing else:
a token step is one AND, «не» before a token is a bit of the token before it, and a gap stops at a
bit. The walk is the one kinds/pattern.py describes — it prefers short gaps, and reports
non-overlapping matches, the first start first — so matches do not depend on which reads them.

A sentence here is anything with ``each`` (its tokens' bits), ``ent_at`` (token → (entity or fact
kind, stop token)) and ``anchored`` (a dict: the bit of an anchor → the tokens that carry it, filled
in by find()); a pattern never crosses a sentence, so token 0 is the sentence's first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from itertools import compress
from operator import or_

from .kinds.pattern import NEGATORS, Pattern, Spec

TOKEN, SKIP, ENTITY, START = range(4)
_WHAT = {"token": TOKEN, "skip": SKIP, "entity": ENTITY, "start": START}


@dataclass(slots=True)
class Step:
    """One spec of a pattern, its token tests replaced by bits."""

    what: int
    bit: int = 0  # token: its form test; start: punctuation
    negated: bool | None = None
    neg: int = 0  # the bit of «не», «ни»
    exclude: tuple[Step, ...] = ()
    optional: bool = False
    max: int = 1
    stops: int = 0  # skip: the bits of the tokens a gap may not cover
    kinds: frozenset[str] = frozenset()  # entity kinds
    capture: str | None = None
    plain: bool = True  # token: the bit alone decides (no «не» to look at, nothing excluded)


@dataclass(slots=True)
class Compiled:
    """A pattern ready to search: its steps, where a search may start, and (made on first use) one
    Python function that tries a start: (end, captures) or None."""

    steps: tuple[Step, ...]
    lead: int | None  # at most this many tokens stand before the anchor; None: try every start
    anchor: Step | None  # the token step the search starts from
    entity_kinds: frozenset[str] | None  # or the entity kinds it starts from
    first: int  # a bit the first token of a match must carry (0: none known)
    at_start: bool  # the pattern begins at the start of the sentence
    back: bool  # a match begins one token early: «не» before a negated first step
    at: object = None  # the function that tries one start, made by _generate()


class Bits:
    """The bits of the token tests a compiled pattern needs besides its own: «не», punctuation,
    template placeholders and slots."""

    def __init__(self, bit):
        # the specs stay alive with their bits: a rule set remembers a spec's bit by its id
        self.specs = (Spec(forms=NEGATORS), *(Spec(kinds=frozenset({k})) for k in ("punct", "ph", "slot")))
        self.neg, self.punct, self.ph, self.slot = map(bit, self.specs)


def compile_pattern(p: Pattern, bit, bits: Bits) -> Compiled:
    """``p`` compiled; ``bit(spec)`` gives a token spec's bit."""

    def step(s: Spec) -> Step:
        what = _WHAT[s.what]
        ex = tuple(step(x) for x in s.exclude)
        if what == TOKEN:
            return Step(TOKEN, bit(s), s.negated, bits.neg, ex, s.optional, s.max, capture=s.capture,
                        plain=s.negated is None and not ex)  # fmt: skip
        if what == SKIP:
            stops = bits.slot | (0 if s.over_ph else bits.ph) | (0 if s.punct else bits.punct)
            return Step(SKIP, exclude=ex, max=s.max, stops=stops, capture=s.capture)
        if what == START:
            return Step(START, bits.punct, capture=s.capture)
        return Step(ENTITY, kinds=s.kinds, optional=s.optional, capture=s.capture)

    steps = tuple(step(s) for s in p.specs)
    head = steps[0]
    anchor = entity_kinds = None
    if p.lead is not None:
        if p.entity_lead:
            entity_kinds = frozenset(k.removeprefix("\0ent:") for k in p.keys)
        else:
            anchor = step(p.anchor)
    first = head.bit if head.what == TOKEN and not head.optional else 0
    if anchor is not None and p.lead == 0 and anchor.bit == first:
        first = 0  # the anchor's own test: every start passes it
    back = bool(p.specs[0].negated) and head.what == TOKEN
    return Compiled(steps, p.lead, anchor, entity_kinds, first, head.what == START, back)


def find(c: Compiled, sent) -> list[tuple]:
    """Non-overlapping matches of ``c`` in a sentence, as plain tuples (start, stop, ((capture
    name, (start, stop)), …)) that the garbage collector need not watch (a sentence's memory keeps
    them; kinds.pattern.Match.of makes a Match). Only starts near a token that passes the anchor
    (or where an anchoring entity begins) are tried."""
    out: list[tuple] = []
    each = sent.each
    n = len(each)
    lead = c.lead
    if lead is None:
        starts = range(n)
    else:
        if c.entity_kinds is not None:
            kinds = c.entity_kinds
            hits = sorted(i for i, found in sent.ent_at.items() if any(k in kinds for k, _ in found))
        else:
            a = c.anchor
            bit = a.bit
            found = sent.anchored.get(bit)  # the tokens whose bits hold the anchor's, found in C
            if found is None:  # once per sentence: the patterns of a rule share a few anchors
                found = sent.anchored[bit] = list(compress(range(n), map(bit.__and__, each)))
            hits = found if a.plain else [i for i in found if _ok(a, each, i)]
        if not hits:
            return out
        if lead:
            starts = sorted({i for p in hits for i in range(max(0, p - lead), p + 1)})
        else:
            starts = hits
    if c.first:
        first = c.first
        starts = [i for i in starts if each[i] & first]
    elif c.at_start:  # every token before the start is punctuation
        punct = c.steps[0].bit
        top = next((j for j, b in enumerate(each) if not b & punct), n)
        starts = [i for i in starts if i <= top]
    at = c.at
    if at is None:
        at = c.at = _generate(c.steps)
    taken = 0
    for i in starts:
        if i < taken:
            continue
        found = at(each, n, sent, i)
        if found is not None and found[0] > i:
            end, spans = found
            out.append((i - 1 if c.back else i, end, tuple(captures(spans).items()) if spans else ()))
            taken = end
    return out


def captures(spans) -> dict[str, tuple[int, int]]:
    """The captures of a match from (name, start, end) of its capturing steps in order; a start of
    None is an optional step passed over."""
    caps: dict[str, tuple[int, int]] = {}
    for name, a, b in spans:
        if a is not None:  # specs in a row with one capture name make one span: «стоимость доставки»
            prev = caps.get(name)
            caps[name] = (prev[0], b) if prev and prev[1] == a else (a, b)
    return caps


_MAX_LOOPS = 15  # Python nests at most 20 blocks in one function


def _generate(steps: tuple[Step, ...]):
    """One function that tries a start: the walk of _walk() written out for these steps, each
    step a loop over the ends it may take, in the order the walk tries them, so the first match it
    returns is the walk's. A pattern with more nesting than Python allows keeps the walk."""
    loops = sum(1 for s in steps if not (s.what == TOKEN and s.max == 1 and not s.optional))
    if loops > _MAX_LOOPS:
        return walker(steps)
    lines = ["def at(each, n, sent, p0):"]
    spans = []  # (capture name, start variable, end variable) for the steps that capture
    for k, s in enumerate(steps):
        x, e, pad = f"p{k}", f"p{k + 1}", "    " * (k + 1)
        if s.what == TOKEN:
            test = _test(s, "j")
            if s.max == 1 and not s.optional:
                lines.append(f"{pad}if {x} < n and {_test(s, x)}:")
                lines.append(f"{pad}    {e} = {x} + 1")
            else:
                lines.append(f"{pad}j = {x}")
                lines.append(f"{pad}top = min(n, {x} + {s.max})")
                lines.append(f"{pad}while j < top and {test}:")
                lines.append(f"{pad}    j += 1")
                last = f"{x} - 1" if s.optional else x  # greedy, backing off; then passed over
                lines.append(f"{pad}for {e} in range(j, {last}, -1):")
            if s.capture:  # an optional step passed over captures nothing
                spans.append(f"({s.capture!r}, {x} if {e} > {x} else None, {e})")
        elif s.what == SKIP:
            lines.append(f"{pad}for {e} in range({x}, min({x} + {s.max}, n) + 1):")
            # the tokens a gap may not cover: one AND for the stops and every test that is a bit alone
            plain, rest = _excluded(s)
            stop = " or ".join([f"each[{e} - 1] & {s.stops | plain}", *(_test(t, f"{e} - 1") for t in rest)])
            lines.append(f"{pad}    if {e} > {x} and ({stop}):")
            lines.append(f"{pad}        break")
            if s.capture:
                spans.append(f"({s.capture!r}, {x}, {e})")
        elif s.what == START:
            lines.append(f"{pad}if {x} == 0 or all(each[j] & {s.bit} for j in range({x})):")
            lines.append(f"{pad}    {e} = {x}")
        else:  # the entities that begin at the token, looked into only where one does
            kinds = tuple(sorted(s.kinds))
            lines.append(f"{pad}ea = sent.ent_at")
            ends = f"[b for a, b in ea[{x}] if a in {kinds!r} and b <= n] if {x} in ea else []"
            lines.append(f"{pad}for {e} in ({ends}){f' + [{x}]' if s.optional else ''}:")
            if s.capture:
                spans.append(f"({s.capture!r}, {x} if {e} > {x} else None, {e})")
    lines.append(f"{'    ' * (len(steps) + 1)}return p{len(steps)}, ({', '.join(spans)}{',' if spans else ''})")
    lines.append("    return None")
    scope: dict = {}
    exec(compile("\n".join(lines), "<pattern>", "exec"), scope)  # the code is ours, written above from bits
    return scope["at"]


def walker(steps: tuple[Step, ...]):
    """What _generate() makes, done by the walk itself: for patterns nested too deep, and for
    tests to compare the two."""

    def walk(each, n, sent, i):
        caps: dict = {}
        end = _walk(steps, 0, i, n, sent, caps)
        return None if end < 0 else (end, [(k, *v) for k, v in caps.items()])

    return walk


def _test(s: Step, j: str) -> str:
    """A Python expression: does token ``j`` pass token step ``s``? (_ok() written out)"""
    out = f"each[{j}] & {s.bit}"
    if s.negated is not None:
        out += f" and bool({j} > 0 and each[{j} - 1] & {s.neg}) is {s.negated}"
    plain, rest = _excluded(s)
    if plain:  # one AND for the excluded tests that are a bit alone
        out += f" and not each[{j}] & {plain}"
    for x in rest:
        out += f" and not ({_test(x, j)})"
    return out


def _excluded(s: Step) -> tuple[int, list[Step]]:
    """What a step excludes: the bits of the tests that are a bit alone, ORed, and the other tests."""
    return reduce(or_, (x.bit for x in s.exclude if x.plain), 0), [x for x in s.exclude if not x.plain]


def _ok(s: Step, each, j: int) -> bool:
    """Does token ``j`` pass token step ``s``?"""
    if not each[j] & s.bit:
        return False
    if s.negated is not None and (j > 0 and each[j - 1] & s.neg != 0) != s.negated:
        return False
    return not any(_ok(x, each, j) for x in s.exclude)


def _walk(steps: tuple[Step, ...], k: int, i: int, stop: int, sent, caps: dict) -> int:
    """The end of a match of steps[k:] starting at token i, or -1."""
    if k == len(steps):
        return i
    s = steps[k]
    what = s.what
    each = sent.each
    if what == TOKEN:
        j = i
        top = min(stop, i + s.max)
        if s.plain:
            bit = s.bit
            while j < top and each[j] & bit:
                j += 1
        else:
            while j < top and _ok(s, each, j):
                j += 1
        for end_tok in range(j, i, -1):  # greedy repeat, backing off
            if _try(steps, k, i, end_tok, stop, sent, caps):
                return caps.pop("\0end")
    elif what == SKIP:
        top = min(i + s.max, stop)
        j = i
        while True:
            if s.capture:
                if _try(steps, k, i, j, stop, sent, caps):
                    return caps.pop("\0end")
            else:
                end = _walk(steps, k + 1, j, stop, sent, caps)
                if end >= 0:
                    return end
            if j >= top or each[j] & s.stops or any(_ok(x, each, j) for x in s.exclude):
                return -1  # the gap cannot cover token j
            j += 1
    elif what == START:
        punct = s.bit
        if all(each[j] & punct for j in range(i)):
            return _walk(steps, k + 1, i, stop, sent, caps)
        return -1
    else:
        for kind, end_tok in sent.ent_at.get(i, ()):
            if kind in s.kinds and end_tok <= stop and _try(steps, k, i, end_tok, stop, sent, caps):
                return caps.pop("\0end")
    if s.optional:
        return _walk(steps, k + 1, i, stop, sent, caps)
    return -1


def _try(steps, k, i, end_tok, stop, sent, caps) -> bool:
    name = steps[k].capture
    if name:
        prev = caps.get(name)
        # specs in a row with one capture name make one span: «стоимость доставки»
        caps[name] = (prev[0], end_tok) if prev and prev[1] == i else (i, end_tok)
    end = _walk(steps, k + 1, end_tok, stop, sent, caps)
    if end >= 0:
        caps["\0end"] = end
        return True
    if name:
        if prev is None:
            caps.pop(name, None)
        else:
            caps[name] = prev
    return False
