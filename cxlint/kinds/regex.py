"""``match: {regex: [...]}``: regular expressions over the raw message text.

Token patterns cannot see what the tokenizer throws away or what placeholder masking hides — a
stray brace, ``%(name`` without its ``)s``. A regex here sees the text as written. A match that
lies inside a well-formed placeholder (``{{name}}``, ``%(name)s`` …) is dropped, so a correct
template never fires. Named groups (``(?P<name>…)``) become captures for the message and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import TextMatch, inside_placeholder


@dataclass
class RegexCheck:
    patterns: list[re.Pattern[str]]

    def names(self) -> set[str]:
        return {n for p in self.patterns for n in p.groupindex}

    def find(self, doc, options: dict) -> list[TextMatch]:
        out: list[TextMatch] = []
        for p in self.patterns:
            for m in p.finditer(doc.text):
                if m.end() > m.start() and not inside_placeholder(doc, m.start(), m.end()):
                    caps = {k: v for k, v in m.groupdict().items() if v is not None}
                    out.append(TextMatch(m.start(), m.end(), caps))
        return out


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
