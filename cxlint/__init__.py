"""cxlint: a linter and rewriter for Russian customer-support replies.

>>> import cxlint
>>> [f.rule for f in cxlint.check("Ожидайте ответа в ближайшее время.")]
['timeline.wait', 'timeline.vague']
"""

from __future__ import annotations

from collections.abc import Iterable

from .finding import Finding, Suggestion
from .fixer import Edit, Fixed
from .linter import Linter, UnknownRuleError
from .rules import Rule
from .slots import Slot, UnknownSlotError, fill, slots

__all__ = [
    "Edit",
    "Finding",
    "Fixed",
    "Linter",
    "Rule",
    "Slot",
    "Suggestion",
    "UnknownRuleError",
    "UnknownSlotError",
    "check",
    "fill",
    "fix",
    "load_rules",
    "score",
    "slots",
]
__version__ = "0.1.0"


def check(
    text: str, *, select: Iterable[str] = (), ignore: Iterable[str] = (), linter: Linter | None = None
) -> list[Finding]:
    """Findings for one message, sorted by position.

    ``select`` / ``ignore`` take rule ids or categories (an unknown one raises UnknownRuleError).
    Pass a ``Linter`` built once to reuse a configuration; the shipped rules are loaded once and
    shared otherwise. Safe to call from several threads.
    """
    from . import linter as _linter

    select, ignore = list(select), list(ignore)
    lint = linter or (_linter.default() if not select else Linter(select=select))
    if ignore:
        _linter.check_selectors(lint.all_rules, ignore)
    return lint.check(text, ignore=ignore)


def fix(
    text: str,
    *,
    unsafe: bool = False,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    linter: Linter | None = None,
) -> Fixed:
    """Apply the suggested fixes to one message: safe ones, and unsafe ones too with ``unsafe``.

    Returns a ``Fixed`` (unpackable as ``text, edits``) with the new text, the applied edits and the
    findings that remain. Unsafe fixes leave slots such as «[срок]» for the agent to fill in; the
    pre-send loop is ``fix`` → fill the slots → ``check`` is clean.
    """
    from . import fixer

    select, ignore = list(select), list(ignore)

    def run(t: str) -> list[Finding]:
        return check(t, select=select, ignore=ignore, linter=linter)

    new, edits = fixer.fix_text(text, run, unsafe)
    return Fixed(new, edits, run(new))


def score(text: str, *, select: Iterable[str] = (), ignore: Iterable[str] = (), linter: Linter | None = None) -> float:
    """The reply score of one message, 0 to 10 (one decimal): 10 when nothing is found, lower for
    each problem by its severity, a little less in a long letter. docs/score.md has the formula;
    ``cxlint.scoring.score(findings, text)`` scores findings you already have.
    """
    from . import scoring

    return scoring.score(check(text, select=select, ignore=ignore, linter=linter), text)


def load_rules() -> list[Rule]:
    """Every shipped rule, validated."""
    from . import linter as _linter

    return list(_linter.default().all_rules)
