"""Precision and recall per category on the labelled corpus; the figures are printed."""

from __future__ import annotations

from corpus_eval import MISSION, evaluate, format_table, load

PRECISION, RECALL = 0.90, 0.85


def test_corpus_is_big_and_balanced():
    replies = load()
    assert len(replies) >= 250
    good = sum(not r["labels"] for r in replies)
    assert 0.35 <= good / len(replies) <= 0.65
    for cat in MISSION:
        assert sum(cat in r["labels"] for r in replies) >= 50, cat


def test_precision_and_recall(capsys):
    table, _ = evaluate(load())
    with capsys.disabled():
        print("\n" + format_table(table))
    for cat, (_, _, _, p, r) in table.items():
        assert p >= PRECISION, f"{cat}: precision {p:.3f} < {PRECISION}"
        assert r >= RECALL, f"{cat}: recall {r:.3f} < {RECALL}"
