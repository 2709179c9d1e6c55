"""A pattern compiled into one function finds what the walk over its steps finds: the same
matches, the same spans, the same captures, on the corpus and on made-up token sequences; also
when the tokens of its anchor were found for a pattern before it."""

from __future__ import annotations

import dataclasses

from corpus_eval import load
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlint import matcher
from cxlint.linter import Linter
from cxlint.matcher import ENTITY, SKIP, START, TOKEN, Step


def _walked(c: matcher.Compiled) -> matcher.Compiled:
    return dataclasses.replace(c, at=matcher.walker(c.steps))


def test_every_pattern_finds_on_the_corpus_what_the_walk_finds():
    lint = Linter()
    rs = lint.ruleset
    compiled = [rs.compiled(pid) for pid in range(len(rs.matches.patterns))]
    walked = [_walked(c) for c in compiled]
    sentences = {s for r in load() for s in _sentences(lint, r["text"])}
    gates = rs.bits.gate | rs.bits.amount_gate  # tried even where no entity can stand
    tried = found = 0
    for text in sorted(sentences):
        sent = rs.sentence(text, text, ())
        bits = 0
        for b in sent.each:
            bits |= b
        for pid, (c, w) in enumerate(zip(compiled, walked, strict=True)):
            need = rs.requires(pid)[0] & ~gates
            if need & bits != need:
                continue
            got = matcher.find(c, sent)  # the tokens of its anchor perhaps found by a pattern before
            alone = rs.sentence(text, text, ())  # the walk on a sentence no pattern has read
            assert got == matcher.find(w, alone), (text, rs.matches.patterns[pid].specs)
            tried += 1
            found += bool(got)
    assert tried > 10_000 and found > 3_000  # the corpus reaches most patterns, and many match


def _sentences(lint: Linter, text: str) -> list[str]:
    """The sentences of a message that hold no placeholder."""
    doc = lint.analyze(text)
    spans = [(s.start, s.end) for s in doc.sentences]
    return [doc.text[a:b] for a, b in spans if doc.masked[a:b] == doc.text[a:b]]


# Made-up sentences: a token's bits drawn from four tests, «не» (bit 16), punctuation (bit 32),
# a placeholder (bit 64); entities of two kinds anywhere.
_TOKEN_BITS = st.integers(min_value=0, max_value=127)


@st.composite
def _excluded(draw) -> Step:
    """A token test a step excludes: a bit alone, or one that looks at «не» before the token."""
    neg = draw(st.sampled_from([None, None, True, False]))
    return Step(TOKEN, 1 << draw(st.integers(0, 3)), neg, 16, plain=neg is None)


@st.composite
def _steps(draw) -> tuple[Step, ...]:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        what = draw(st.sampled_from([TOKEN, TOKEN, TOKEN, SKIP, ENTITY, START]))
        cap = draw(st.sampled_from([None, None, "a", "b"]))
        if what == TOKEN:
            neg = draw(st.sampled_from([None, None, True, False]))
            ex = tuple(draw(_excluded()) for _ in range(draw(st.integers(0, 2))))
            out.append(Step(TOKEN, 1 << draw(st.integers(0, 3)), neg, 16, ex, draw(st.booleans()),
                            draw(st.integers(1, 3)), capture=cap, plain=neg is None and not ex))  # fmt: skip
        elif what == SKIP:
            ex = tuple(draw(_excluded()) for _ in range(draw(st.integers(0, 2))))
            out.append(Step(SKIP, exclude=ex, max=draw(st.integers(1, 4)), stops=64 | 32 * draw(st.integers(0, 1)),
                            capture=cap))  # fmt: skip
        elif what == ENTITY:
            kinds = frozenset(draw(st.sets(st.sampled_from(["time", "money"]), min_size=1)))
            out.append(Step(ENTITY, kinds=kinds, optional=draw(st.booleans()), capture=cap))
        else:
            out.append(Step(START, 32))
    return tuple(out)


class _Sent:
    def __init__(self, each, ent_at):
        self.each = each
        self.ent_at = ent_at
        self.anchored: dict[int, list[int]] = {}


@st.composite
def _sents(draw) -> _Sent:
    each = draw(st.lists(_TOKEN_BITS, max_size=12))
    ent_at: dict[int, list[tuple[str, int]]] = {}
    for _ in range(draw(st.integers(0, 3))):
        if each:
            i = draw(st.integers(0, len(each) - 1))
            stop = draw(st.integers(i + 1, len(each)))
            ent_at.setdefault(i, []).append((draw(st.sampled_from(["time", "money"])), stop))
    return _Sent(each, ent_at)


@settings(max_examples=600, deadline=None)
@given(_steps(), _sents())
def test_a_generated_search_tries_the_ends_in_the_order_of_the_walk(steps, sent):
    gen, walk = matcher._generate(steps), matcher.walker(steps)
    for i in range(len(sent.each) + 1):
        a, b = gen(sent.each, len(sent.each), sent, i), walk(sent.each, len(sent.each), sent, i)
        assert (a is None) == (b is None)
        if a is not None:
            assert a[0] == b[0]
            assert matcher.captures(a[1]) == matcher.captures(b[1])
