"""Precision and recall per category over a labelled corpus (tests/corpus/*.jsonl).

python tests/corpus_eval.py                                  # the table for replies.jsonl
python tests/corpus_eval.py --errors pricing                 # false alarms and misses of one category
python tests/corpus_eval.py --file blame-refusal.jsonl --errors blame
python tests/corpus_eval.py --file bureaucratese-template.jsonl --errors template
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
MISSION = ("negative", "timeline", "pricing")
# Categories measured beyond the mission's three, each only where a file labels enough replies for a
# figure to mean something (see tests/test_corpus.py).
MEASURED = (*MISSION, "blame", "refusal", "bureaucratese", "template")


def load(name: str = "replies.jsonl") -> list[dict]:
    with open(CORPUS / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(replies: list[dict], categories=MISSION):
    """{category: (tp, fp, fn, precision, recall)} and the per-reply predictions."""
    import cxlint

    preds = []
    for r in replies:
        found = cxlint.check(r["text"])
        preds.append((r, {f.category for f in found}, found))
    table = {}
    for cat in categories:
        tp = sum(cat in got and cat in r["labels"] for r, got, _ in preds)
        fp = sum(cat in got and cat not in r["labels"] for r, got, _ in preds)
        fn = sum(cat not in got and cat in r["labels"] for r, got, _ in preds)
        p = tp / (tp + fp) if tp + fp else 1.0
        rc = tp / (tp + fn) if tp + fn else 1.0
        table[cat] = (tp, fp, fn, p, rc)
    return table, preds


def format_table(table) -> str:
    rows = [f"{'category':<14}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"]
    for cat, (tp, fp, fn, p, r) in table.items():
        rows.append(f"{cat:<14}{tp:>5}{fp:>5}{fn:>5}{p:>11.3f}{r:>8.3f}")
    return "\n".join(rows)


if __name__ == "__main__":
    args = sys.argv[1:]
    name = "replies.jsonl"
    if "--file" in args:
        i = args.index("--file")
        name = args[i + 1]
        del args[i : i + 2]
    table, preds = evaluate(load(name), MEASURED)
    print(format_table(table))
    if len(args) > 1 and args[0] == "--errors":
        cat = args[1]
        for r, got, found in preds:
            if (cat in got) != (cat in r["labels"]):
                kind = "FALSE ALARM" if cat in got else "MISS"
                spans = [f"{f.rule}:«{f.text}»" for f in found if f.category == cat]
                print(f"\n{kind} {r['id']} {spans}\n  {r['text']}")
