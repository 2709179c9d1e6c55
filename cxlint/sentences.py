"""Pattern matches of a message, found sentence by sentence and remembered by the sentence's text.

A token pattern never crosses a sentence, and everything it reads — forms, parses, the word before
(«не»), the start of the sentence, time and money inside it — lies within the sentence. So the
matches in a sentence depend on its text alone, and are computed on the sentence taken by itself.
Replies repeat their sentences (greetings, sign-offs, the macros of a helpdesk), so the matches of a
sentence seen before cost one dictionary look-up. The memory is bounded: when it is full it starts
afresh, which costs time, never correctness.
"""

from __future__ import annotations

from collections.abc import Callable

from .doc import Doc, Sentence, Token
from .kinds import pattern as pm
from .placeholders import Placeholder

Entry = dict[int, tuple[pm.Match, ...]]  # pattern id → its matches, in the sentence's token offsets


class SentenceMatches:
    """The matches of every pattern of a rule set, per sentence of a message.

    ``candidates(doc)`` gives the ids of the patterns that may match in a document (by the bits of
    the rule index); ``patterns[id]`` is the pattern.
    """

    def __init__(self, patterns: list[pm.Pattern], candidates: Callable[[Doc], list[int]], limit: int = 50_000):
        self.patterns = patterns
        self.candidates = candidates
        self.limit = limit
        self._memo: dict[tuple[str, str], Entry] = {}

    def of(self, doc: Doc) -> list[Entry]:
        """For each sentence of ``doc``: pattern id → its matches, in the sentence's token offsets
        (``shift(m, sentence.first)`` puts one in the message's). Shared: do not change them."""
        out = []
        memo = self._memo
        for si, s in enumerate(doc.sentences):
            key = (doc.masked[s.start : s.end], doc.text[s.start : s.end])
            entry = memo.get(key)
            if entry is None:
                if len(memo) >= self.limit:
                    memo.clear()
                entry = memo[key] = self._compute(_alone(doc, si))
            out.append(entry)
        return out

    def _compute(self, doc: Doc) -> Entry:
        found = {}
        for pid in self.candidates(doc):
            ms = pm.find(self.patterns[pid], doc, required=False)
            if ms:
                found[pid] = tuple(ms)
        return found


def shift(m: pm.Match, by: int) -> pm.Match:
    caps = {k: (a + by, b + by) for k, (a, b) in m.captures.items()} if m.captures else m.captures
    return pm.Match(m.start + by, m.stop + by, caps)


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
