"""Rewrites read as a person would: before → after pairs approved as natural Russian, and
properties of `fix --unsafe` over the whole corpus.

The pairs live in tests/rewrites/<category>.yaml as a list of {before, after}: ``after`` is what
``cxlint.fix(before, unsafe=True)`` must produce, slots included.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from corpus_eval import MISSION, load

import cxlint
from cxlint import morph

PAIRS = [
    (path.stem, n, pair)
    for path in sorted((Path(__file__).parent / "rewrites").glob("*.yaml"))
    for n, pair in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
]


def test_enough_pairs_in_every_category():
    for cat in MISSION:
        assert sum(c == cat for c, _, _ in PAIRS) >= 12, cat
    assert len(PAIRS) >= 40


@pytest.mark.parametrize(("cat", "n", "pair"), PAIRS, ids=[f"{c}:{n}" for c, n, _ in PAIRS])
def test_rewrite(cat, n, pair):
    fixed = cxlint.fix(pair["before"], unsafe=True)
    assert fixed.text == pair["after"]
    left = [f for f in fixed.findings if f.category in MISSION]
    assert not left, f"still flagged after the rewrite: {[(f.rule, f.text) for f in left]}"
    assert fixed.text == pair["before"] or "[" in fixed.text, "a rewrite adds a commitment only through a slot"


FIXED = None


def _fixed_corpus():
    global FIXED
    if FIXED is None:
        FIXED = [(r["text"], cxlint.fix(r["text"], unsafe=True)) for r in load()]
    return FIXED


def test_no_fixable_finding_survives_fix():
    """After `fix --unsafe` only findings a person must handle remain (display-only ones, slots)."""
    for before, fixed in _fixed_corpus():
        for f in fixed.findings:
            if f.category in MISSION:
                assert all(s.safety == "display" for s in f.suggestions), (before, f.rule, f.text)


def test_fix_is_idempotent_on_the_corpus():
    for _, fixed in _fixed_corpus():
        assert cxlint.fix(fixed.text, unsafe=True).text == fixed.text


WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")


def test_every_word_a_rewrite_introduces_is_a_known_form():
    for before, fixed in _fixed_corpus():
        kept = {w.lower() for w in WORD.findall(before)}  # words carried over from the reply are its own
        for e in fixed.edits:
            for w in WORD.findall(e.text):
                if w.lower() in kept:
                    continue
                assert morph.is_known_form(w), f"{e.rule} writes {w!r} in {e.text!r} (from {before[:60]!r})"


def test_every_finding_of_the_mission_carries_a_suggestion():
    for name in ("replies.jsonl", "holdout.jsonl", "blind.jsonl"):
        for r in load(name):
            for f in cxlint.check(r["text"]):
                if f.category in MISSION:
                    assert f.suggestions, (name, r["id"], f.rule, f.text)
