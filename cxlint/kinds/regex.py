"""``match: {regex: [...]}``: regular expressions over the raw message text.

Token patterns cannot see what the tokenizer throws away or what placeholder masking hides — a
stray brace, ``%(name`` without its ``)s``. A regex here sees the text as written. A match that
lies inside a well-formed placeholder (``{{name}}``, ``%(name)s`` …) is dropped, so a correct
template never fires. Named groups (``(?P<name>…)``) become captures for the message and the fix.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .text import TextMatch, inside_placeholder


@dataclass
class RegexCheck:
    patterns: list[re.Pattern[str]]

    def __post_init__(self):
        # strings one of which every match of a pattern holds («{{», «%(», «#»): a text with none
        # skips the pattern; their first characters, one of which every match holds, are searched
        # for as one character class, in C
        needs = [needed(p) for p in self.patterns]
        self._needs = needs
        # the other strings each pattern cannot do without, one of each set: «(?<![\w#])[A-Z]…_…#»
        # needs «_» first and «#» too, and is not tried on every text with an underscore
        self._more = [tuple(also_needed(p)[1:]) for p in self.patterns]
        self._strs = tuple(sorted(frozenset().union(*(n for n in needs if n is not None))))
        chars = self.needed_chars()
        self._any = None if chars is None else one_of(chars)

    def may_find(self, options: dict) -> bool:
        """Can it find anything with these options? (A regex can.)"""
        return True

    def key(self, options: dict) -> tuple:
        """What decides what it finds: checks with equal keys find alike (ten rules with one regex
        search the message once)."""
        return ("regex", tuple((p.pattern, p.flags) for p in self.patterns))

    def needed_chars(self) -> frozenset[str] | None:
        """Characters one of which every match holds, or None when some pattern needs none."""
        return None if None in self._needs else frozenset(x[0] for x in self._strs)

    def names(self) -> set[str]:
        return {n for p in self.patterns for n in p.groupindex}

    def find(self, doc, options: dict) -> list[TextMatch]:
        out: list[TextMatch] = []
        text = doc.text
        if self._any is not None and not self._any.search(text):
            return out
        present = {x for x in self._strs if x in text}  # each needed string looked for once
        for p, strs, more in zip(self.patterns, self._needs, self._more, strict=True):
            if strs is not None and present.isdisjoint(strs):
                continue
            if more and not all(holds_any(text, st) for st in more):
                continue
            for m in p.finditer(text):
                if m.end() > m.start() and not inside_placeholder(doc, m.start(), m.end()):
                    caps = {k: v for k, v in m.groupdict().items() if v is not None}
                    out.append(TextMatch(m.start(), m.end(), caps))
        return out


def holds_any(text: str, chars) -> bool:
    """Does ``text`` hold one of a few characters? Each is looked for by ``str``'s own scan: the
    regex engine tries a character class at every character of the text, ten times the work."""
    for c in chars:
        if c in text:
            return True
    return False


class OneOf:
    """holds_any() of a fixed set of characters, asked as a compiled pattern is (``search``)."""

    __slots__ = ("chars",)

    def __init__(self, chars: frozenset[str]):
        self.chars = tuple(sorted(chars))

    def search(self, text: str) -> bool:
        return holds_any(text, self.chars)


def one_of(chars: frozenset[str]) -> OneOf:
    """What tells whether a text holds one of ``chars``, in C."""
    return OneOf(chars)


def needed(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` holds, read off its parse: the first run of
    literals the pattern cannot do without (or a character of a set of them, or one of each
    alternative's). None when there is none or the pattern ignores case."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        from re import _parser  # the parser behind re.compile; stable since 3.11
    except ImportError:  # pragma: no cover
        return None
    return _needed(_parser.parse(pattern.pattern, pattern.flags), _parser)


def also_needed(pattern: re.Pattern[str]) -> list[frozenset[str]]:
    """Every set of strings one of which every match of ``pattern`` holds, in the pattern's order,
    each read as needed() reads the first: the literal runs, sets and groups of its top level."""
    if pattern.flags & re.IGNORECASE:
        return []
    try:
        from re import _parser
    except ImportError:  # pragma: no cover
        return []
    seq, out, i = list(_parser.parse(pattern.pattern, pattern.flags)), [], 0
    while i < len(seq):
        found = _needed(seq[i:], _parser, first_only=True)
        if found is not None:
            out.append(found)
        i += max(1, sum(1 for _ in itertools.takewhile(lambda x: x[0] is _parser.LITERAL, seq[i:])))
    return out


def _needed(seq, P, first_only: bool = False) -> frozenset[str] | None:
    """The first set needed() finds in ``seq``; with ``first_only``, only in its first element (or
    its first run of literals)."""
    seq = list(seq)
    for i, (op, av) in enumerate(seq):
        if first_only and i:
            return None
        found = None
        if op is P.LITERAL:
            run = [chr(av)]
            for op2, av2 in seq[i + 1 :]:
                if op2 is not P.LITERAL:
                    break
                run.append(chr(av2))
            found = frozenset(["".join(run)])
        elif op is P.IN and all(o is P.LITERAL for o, _ in av):
            found = frozenset(chr(c) for _, c in av)
        elif op is P.SUBPATTERN and not av[1] & re.IGNORECASE:
            found = _needed(av[-1], P)
        elif op is P.BRANCH:
            each = [_needed(b, P) for b in av[1]]
            found = None if any(x is None for x in each) else frozenset().union(*each)
        elif op in (P.MAX_REPEAT, P.MIN_REPEAT, getattr(P, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            found = _needed(av[2], P)
        if found is not None:
            return found
    return None


def compile_spec(raw, err) -> RegexCheck:
    items = raw if isinstance(raw, list) else [raw]
    if not items or not all(isinstance(x, str) and x for x in items):
        err("regex takes a regular expression or a list of them")
    patterns = []
    for x in items:
        try:
            patterns.append(re.compile(x))
        except re.error as e:
            err(f"invalid regex {x!r}: {e}")
    return RegexCheck(patterns)
