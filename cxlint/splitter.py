"""Where the sentences of a message end.

``split_sentences`` walks the tokens of an analysed message: a sentence ends at . ! ? … (not after
an abbreviation, an initial or a list number), at an emoji before a capital, and at a line break
before a capital or after a full stop. ``sentence_spans`` finds the same spans from the text alone,
reading only the runs of characters on either side of a gap where a sentence may end, so a message
whose sentences are remembered is never tokenised (tests/test_doc.py checks the two agree).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from .doc import _FINAL, _RUN, _RUNS_LIMIT, ABBREVIATIONS, Sentence, Token, _run_token
from .kinds.regex import holds_any
from .sentences import Lines


def split_sentences(text: str, toks: list[Token]) -> list[Sentence]:
    # only punctuation or a line break can end a sentence: look there alone
    cands = {i + 1 for i, t in enumerate(toks) if t.kind == "punct"}
    if "\n" in text:
        starts = [t.start for t in toks]
        cands.update(bisect.bisect_left(starts, m.start()) for m in _NEWLINE.finditer(text))
    sents: list[Sentence] = []
    first = 0
    for i in sorted(cands):
        if 0 < i < len(toks) and _boundary(text, toks[i - 1], toks[i], toks[i - 2] if i >= 2 else None):
            sents.append(Sentence(toks[first].start, toks[i - 1].end, first, i))
            first = i
    if toks:
        sents.append(Sentence(toks[first].start, toks[-1].end, first, len(toks)))
    if len(sents) > 1:
        for n, s in enumerate(sents):
            for t in toks[s.first : s.stop]:
                t.sent = n
    return sents


_NEWLINE = re.compile(r"\n+")
# Where a sentence may end inside a line, found on the text: a gap after anything but a letter, a
# digit or a common mark that is neither . ! ? … nor a symbol (an emoji may end a sentence). Every
# gap without a line break that split_sentences would cut at is among them.
_NOT_AFTER = r",;:()«»\"'\-–—₽%+=/*&$€#@_<>\[\]{}|~^\\„“”‘’`"
# The gap is group 1: with the character before it matched rather than looked behind at, the
# pattern opens with a character class, which the regex engine scans for in one tight loop (a
# third faster a line).
_GAP = re.compile(r"[^\w\s" + _NOT_AFTER + r"](\s+)(?=\S)")
_RUN_END = re.compile(r"\S+\Z")
_SPACE = re.compile(r"\s")
_ZERO_WIDTHS = "\u200b\u200c\u200d\u2060\ufeff"
# Every pattern that cuts a line into tokens and sentences reads an ASCII digit as a digit, never as
# which one: lines that differ only in such digits (an order number, a date, a phone) are cut alike,
# so the cuts of a line that holds one are remembered by its text with them made zeros. 59 % of the
# lines a helpdesk's replies cut anew in the steady state are such twins of one met before.
_ZEROS = bytes.maketrans(b"123456789", b"000000000")


def _digits_folded(line: str) -> str | bytes:
    """A line as the memory of lines knows it: itself when it holds no ASCII digit, else its UTF-8
    bytes with the digits made zeros. UTF-8 keeps an ASCII digit in a byte of its own, never inside
    another character's, and a byte table folds it in C where a regex would try a class at every
    character."""
    raw = line.encode("utf-8", "surrogatepass")
    folded = raw.translate(_ZEROS)
    return line if folded == raw else folded


_WINDOW = 120  # how far back a run's start is looked for; a longer run takes the token walk


def sentence_spans(
    masked: str, text: str, slots: frozenset[int] = frozenset(), lines: Lines | None = None, limit: int = 20_000
) -> list[tuple[int, int]] | None:
    """The sentences of a message as character spans, found without tokenising it: only the runs
    on either side of a gap where a sentence may end are read. The spans are those of
    split_sentences (tests/test_doc.py checks it). None when only the token walk gets the answer
    right: zero-width characters, which stand between tokens without being space.

    A gap holding a line break is decided by the characters on either side. The cuts inside a line
    depend on the line alone, so the cuts of a line that holds no placeholder are remembered by
    its text (a greeting, a sign-off; with its digits made zeros, _digits_folded) in ``lines``, at
    most ``limit`` of them; without ``lines``, nowhere."""
    if holds_any(masked, _ZERO_WIDTHS):
        return None
    spans: list[tuple[int, int]] = []
    plain = masked is text
    if lines is None:
        lines, limit = Lines(), 0
    first = start = last = -1  # where the text starts; where the last line with text ends
    at = 0  # where the next line starts
    for seg in masked.split("\n"):  # each line from its first character that is not space to its last
        line = seg.strip()  # str's whitespace is the regex engine's \s
        a = at + len(seg) - len(seg.lstrip())
        at += len(seg) + 1
        if not line:
            continue
        b = a + len(line)
        if last < 0:
            first = start = a
        elif masked.count("\n", last, a) > 1 or text[last - 1] in _FINAL or not text[a].islower():
            spans.append((first, last))
            first = a
        bare = plain or text[a:b] == line  # no placeholder in the line: its cuts are its own
        base, known = a, lines.get(line) if bare else None
        if known is None and bare:  # a line met with other digits: the cuts do not depend on which
            line = _digits_folded(line)
            known = lines.get(line)
        if known is not None:
            lines.used.add(line)
            cuts = known
        else:
            cuts = _cuts(masked, text, slots, a, b, start)
            if cuts is None:
                return None
            if bare and masked[a] != "." and limit:  # a line opening with «.» reads the line before
                if len(lines) >= limit:
                    lines.forget()
                cuts = lines[line] = tuple((x - a, y - a) for x, y in cuts)
            else:
                base = 0  # already in the message's offsets
        for x, y in cuts:
            spans.append((first, base + x))
            first = base + y
        last = end = b
    if last < 0:
        return spans
    spans.append((first, end))
    return spans


def _cuts(masked: str, text: str, slots: frozenset[int], a: int, b: int, start: int) -> list[tuple[int, int]] | None:
    """The gaps with no line break in masked[a:b] where a sentence ends (None: too long to read)."""
    out = []
    plain = masked is text
    decided = _DECIDED
    for g in _GAP.finditer(masked, a, b):
        gs, ge = g.span(1)
        run = _run_start(masked, gs)
        if run is None:
            return None
        key = None
        if plain:
            key = masked[run:ge] + masked[ge : _RUN.match(masked, ge).end()]
            cut = decided.get(key)
            if cut is not None:
                if cut:
                    out.append((gs, ge))
                continue
        prev = _run_token(masked, text, run, gs, slots, -1)
        nxt = _run_token(masked, text, ge, _RUN.match(masked, ge).end(), slots, 0)
        before = None
        if prev.text == ".":
            before = _run_token(masked, text, run, gs, slots, -2)
            if before is None or before.kind == "num":
                key = None  # what comes before the run decides: not remembered
            if before is None and run > start:
                gap_start = len(masked[:run].rstrip())
                before_run = _run_start(masked, gap_start)
                if before_run is None:
                    return None
                before = _run_token(masked, text, before_run, gap_start, slots, -1)
        cut = _boundary(text, prev, nxt, before)
        if key is not None:
            if len(decided) >= _RUNS_LIMIT:
                decided.clear()
            decided[key] = cut
        if cut:
            out.append((gs, ge))
    return out


# the run before a gap with no line break, the gap and the run after it → does a sentence end there
_DECIDED: dict[str, bool] = {}


def _run_start(masked: str, end: int) -> int | None:
    """Where the run of non-space characters that ends at ``end`` starts (None: too far back)."""
    i = max(masked.rfind(" ", 0, end), masked.rfind("\n", 0, end)) + 1
    if end - i <= _WINDOW and not _SPACE.search(masked, i, end):
        return i
    lo = max(0, end - _WINDOW)  # another space (a tab, a no-break space) or a long run
    m = _RUN_END.search(masked, lo, end)
    if m.start() == lo and lo > 0 and not masked[lo - 1].isspace():
        return None
    return m.start()


def _boundary(text: str, prev: Token, nxt: Token, before: Token | None) -> bool:
    """Does a new sentence start at token ``nxt``? ``before`` is the token before ``prev``."""
    gap = text[prev.end : nxt.start]
    if "\n" in gap:
        if gap.count("\n") > 1 or prev.text[-1] in _FINAL or not nxt.text[:1].islower():
            return True
    if prev.kind == "punct" and _is_emoji(prev.text) and gap and nxt.text[:1].isupper() and nxt.kind == "word":
        return True  # «Пицца закончилась 😔 Могу предложить …»: chats end sentences with an emoji
    if prev.kind != "punct" or prev.text[-1] not in _FINAL or not gap:
        return False
    if prev.text == "." and before is not None:
        if before.norm in ABBREVIATIONS or (before.text.isupper() and len(before.text) == 1):
            return False  # «ул. Садовая», «А. С. Пушкин»
        if before.kind == "num" and not text[text.rfind("\n", 0, before.start) + 1 : before.start].strip():
            return False  # «1. Заберём заказ» — a list marker, not the end of a sentence
    c = nxt.text[:1]
    return not c.islower() and c not in ",;:)»"


def _is_emoji(s: str) -> bool:
    return unicodedata.category(s[0]) == "So" or "\U0001f000" <= s[0] <= "\U0001faff"
