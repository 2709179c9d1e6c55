"""Apply suggestions: sorted, non-overlapping edits, re-checked until the text stops changing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .finding import Finding, Suggestion

MAX_PASSES = 10


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    text: str
    rule: str
    safety: str
    original: str = ""


@dataclass(frozen=True, slots=True)
class Fixed:
    """The result of ``cxlint.fix``: the new text, the edits applied, the findings that remain."""

    text: str
    edits: list[Edit]
    findings: list[Finding]

    def __iter__(self):
        return iter((self.text, self.edits))

    @property
    def score(self) -> float:
        """The reply score (0–10) of the fixed text, from the findings that remain."""
        from .scoring import score

        return score(self.findings, self.text)


def applicable(findings: list[Finding], unsafe: bool) -> list[tuple[Finding, Suggestion]]:
    allowed = {"safe", "unsafe"} if unsafe else {"safe"}
    out = []
    for f in findings:
        for s in f.suggestions:
            if s.safety in allowed:
                out.append((f, s))
                break
    return out


def apply(text: str, chosen: list[tuple[Finding, Suggestion]]) -> tuple[str, list[Edit]]:
    """Apply the edits that do not overlap an earlier one; the rest wait for the next pass."""
    edits: list[Edit] = []
    last_end = -1
    for f, s in sorted(chosen, key=lambda fs: (fs[1].start, fs[1].end)):
        if s.start < last_end or text[s.start : s.end] == s.replacement:
            continue
        edits.append(Edit(s.start, s.end, s.replacement, f.rule, s.safety, text[s.start : s.end]))
        last_end = max(s.end, s.start + 1 if s.start == s.end else s.end)
    for e in reversed(edits):
        text = text[: e.start] + e.text + text[e.end :]
    return text, edits


def fix_text(text: str, check: Callable[[str], list[Finding]], unsafe: bool = False) -> tuple[str, list[Edit]]:
    """Fix until stable (or a text repeats), at most MAX_PASSES passes."""
    seen = {text}
    applied: list[Edit] = []
    for _ in range(MAX_PASSES):
        new, edits = apply(text, applicable(check(text), unsafe))
        if not edits or new in seen:
            break
        applied += edits
        seen.add(new)
        text = new
    return text, applied
