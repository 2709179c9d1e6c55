"""Precision and recall per category on the labelled corpora; the figures are printed.

replies.jsonl is the development set the rules were tuned on; holdout.jsonl was written apart
from the rules, in other domains and another style (the rules were then refined on its misses);
blind.jsonl was written last, by an author who saw neither rules nor corpora, and measured before
any rule saw it: negative 0.971 / 0.917, timeline 0.969 / 0.912, pricing 1.000 / 0.944.
"""

from __future__ import annotations

import pytest
from corpus_eval import MIN_LABELLED, MISSION, OTHERS, evaluate, format_table, load

PRECISION, RECALL = 0.90, 0.85  # the mission's three
OTHER_PRECISION, OTHER_RECALL = 0.85, 0.80
FILES = ["replies.jsonl", "holdout.jsonl", "blind.jsonl", "bureaucratese-template.jsonl"]


@pytest.mark.parametrize(("name", "size"), [("replies.jsonl", 250), ("holdout.jsonl", 200), ("blind.jsonl", 150)])
def test_corpus_is_big_and_balanced(name, size):
    replies = load(name)
    assert len(replies) >= size
    assert len({r["id"] for r in replies}) == len(replies)
    good = sum(not r["labels"] for r in replies)
    assert 0.35 <= good / len(replies) <= 0.65
    for cat in MISSION:
        assert sum(cat in r["labels"] for r in replies) >= 30, cat


def test_bureaucratese_template_corpus_is_big_and_balanced():
    replies = load("bureaucratese-template.jsonl")
    assert len(replies) >= 140
    assert len({r["id"] for r in replies}) == len(replies)
    assert sum(not r["labels"] for r in replies) >= 50
    assert sum("bureaucratese" in r["labels"] for r in replies) >= 45
    assert sum("template" in r["labels"] for r in replies) >= 25


@pytest.mark.parametrize("name", FILES)
def test_precision_and_recall(name, capsys):
    replies = load(name)
    table, _ = evaluate(replies, MISSION + OTHERS)
    with capsys.disabled():
        print(f"\n{name}\n" + format_table(table))
    for cat, (_, _, _, p, r) in table.items():
        if sum(cat in x["labels"] for x in replies) < MIN_LABELLED:
            continue  # too few labelled replies for a figure to mean anything
        want_p, want_r = (PRECISION, RECALL) if cat in MISSION else (OTHER_PRECISION, OTHER_RECALL)
        assert p >= want_p, f"{cat}: precision {p:.3f} < {want_p}"
        assert r >= want_r, f"{cat}: recall {r:.3f} < {want_r}"
