"""The reply score: 0–10, how well a message manages the customer's expectations.

A pure function of a message's findings and its text; docs/score.md gives the formula, where each
constant comes from and how the score spreads over the labelled corpora.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from .engine import Finding

# What one finding costs, on the exponent: a single warning in a reply of 64 words (the longest bad
# reply with one finding in tests/corpus) still scores 5.0; an error costs twice a warning (an
# unfilled slot must never look sendable), a suggestion a third (a hint, not a broken promise).
WEIGHTS = {"error": 2.62, "warning": 1.31, "suggestion": 0.44}
SAME_RULE = 0.5  # the 2nd finding of a rule costs half the 1st, the 3rd a quarter: one habit, one fix
SAME_CATEGORY = 0.75  # a 2nd rule of a category (timeline.wait + timeline.vague) is mostly the same problem
REFERENCE_WORDS = 18  # the median reply length in tests/corpus: here a finding costs halfway to the floor
FLOOR = 0.4  # however long the letter, a finding costs at least 40 % of what it costs in one line

_WORD = re.compile(r"\w+")


def words(text: str) -> int:
    """Length in words: runs of letters and digits (a placeholder such as {{name}} is one)."""
    return len(_WORD.findall(text))


def length_factor(n: int) -> float:
    """1 for an empty text, falling smoothly towards FLOOR as the text grows."""
    return FLOOR + (1 - FLOOR) * REFERENCE_WORDS / (REFERENCE_WORDS + n)


def _discounted(values: Iterable[float], ratio: float) -> float:
    # the largest counts in full, the next times ratio, then ratio², …: a sum of order statistics
    # with positive weights, so raising or adding any value never lowers it (the score is monotone)
    return sum(v * ratio**k for k, v in enumerate(sorted(values, reverse=True)))


def penalty(findings: Iterable[Finding]) -> float:
    """The findings' cost before the length factor: severity-weighted, repeats discounted."""
    by_rule: dict[tuple[str, str], list[float]] = {}
    for f in findings:
        by_rule.setdefault((f.category, f.rule), []).append(WEIGHTS[f.severity])
    by_category: dict[str, list[float]] = {}
    for (category, _), weights in by_rule.items():
        by_category.setdefault(category, []).append(_discounted(weights, SAME_RULE))
    return sum(_discounted(rules, SAME_CATEGORY) for rules in by_category.values())


def score(findings: Iterable[Finding], text: str) -> float:
    """10 for a clean message, lower for every problem; one decimal, in [0, 10]."""
    p = penalty(findings)
    if not p:
        return 10.0
    return math.floor(100 * math.exp(-p * length_factor(words(text))) + 0.5) / 10
