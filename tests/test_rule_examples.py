"""THE rule test: every rule's own examples. Bad ones fire it (on exactly the marked spans),
good ones do not, and a bad example's `fixed` text is what the fix produces and passes the rule.

Run one rule with ``pytest -k negative.cannot``.
"""

from __future__ import annotations

import pytest

from cxlint import fixer
from cxlint.doc import analyze
from cxlint.engine import RuleSet
from cxlint.ruleload import builtin_dir, load_dirs
from cxlint.rules import SAFETIES

RULES, ERRORS = load_dirs([])
CASES = [(r, e) for r in RULES for e in r.examples]


def _check(rule, text, options=None):
    return RuleSet([rule], options=options).check(analyze(text))


@pytest.mark.parametrize(("rule", "ex"), CASES, ids=[f"{r.id}:{e.line}:{'bad' if e.bad else 'good'}" for r, e in CASES])
def test_example(rule, ex):
    found = _check(rule, ex.text, ex.options)
    if not ex.bad:
        assert not found, f"{rule.path}:{ex.line}: good example fires: {[f.text for f in found]}"
        return
    assert found, f"{rule.path}:{ex.line}: bad example does not fire"
    if ex.spans:
        got = sorted((f.start, f.end) for f in found)
        want = [ex.text[a:b] for a, b in ex.spans]
        assert got == sorted(ex.spans), f"{rule.path}:{ex.line}: reported {[f.text for f in found]}, marked {want}"
    for f in found:
        assert ex.text[f.start : f.end] == f.text
        for s in f.suggestions:
            assert SAFETIES.index(s.safety) <= SAFETIES.index(rule.fix.safety), "a fix above its declared safety"
    if ex.fixed is not None:
        fixed, _ = fixer.fix_text(ex.text, lambda t: _check(rule, t, ex.options), unsafe=True)
        assert fixed == ex.fixed, f"{rule.path}:{ex.line}: fix gives {fixed!r}"
        assert not _check(rule, fixed, ex.options), f"{rule.path}:{ex.line}: the fixed text still fires the rule"


def test_shipped_rules_load():
    assert not ERRORS, "\n".join(map(str, ERRORS))
    assert builtin_dir().is_dir()
