"""The shortcuts of the check never change a finding: cutting a message into sentences from its
text, remembering each sentence's matches and findings, and analysing a sentence only when a rule
asks must give what analysing the whole message gives."""

from __future__ import annotations

import random

from corpus_eval import load

from cxlint.linter import Linter

_INSERTS = ["{{name}}", "%s", "#ORDER_ID#", "[срок]", "ул.", "1.", "😔", "\n", "\n\n", "т.е.", "{{ date }}", "www.x.ru"]


def _texts() -> list[str]:
    texts = [r["text"] for r in load()]
    rnd = random.Random(11)
    for text in texts[:600]:
        words = text.split(" ")
        words.insert(rnd.randrange(len(words) + 1), rnd.choice(_INSERTS))
        texts.append(" ".join(words))
    return texts


def _json(findings) -> list[dict]:
    return [f.to_json() for f in findings]


def test_remembered_sentences_give_the_findings_of_a_full_analysis():
    remembering, forgetting = Linter(), Linter()
    forgetting.ruleset.matches.limit = 0
    texts = _texts()
    for text in texts + texts[::-1]:  # the second time round, every sentence is remembered
        full = _json(forgetting.ruleset.check(forgetting.analyze(text)))
        assert _json(remembering.check(text)) == full, text
        for f in full:  # and they stand where the message says what they quote
            assert text[f["start"] : f["end"]] == f["text"]


def test_a_full_memory_forgets_the_older_half():
    lint = Linter()
    memo = lint.ruleset.matches
    memo.limit = 4
    for n in range(6):
        lint.check(f"Заказ {n} передали в доставку.")
    assert 1 <= len(memo._memo) <= 4
    assert "Заказ 5 передали в доставку." in memo._memo  # the newest stays
