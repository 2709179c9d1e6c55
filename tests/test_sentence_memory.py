"""The shortcuts of the check never change a finding: cutting a message into sentences from its
text, remembering each sentence's matches and findings, and analysing a sentence only when a rule
asks must give what analysing the whole message gives."""

from __future__ import annotations

import functools
import random

from corpus_eval import load
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlint.doc import tokenize
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


def test_sentences_of_one_shape_and_signature_give_the_findings_of_a_full_analysis():
    # Replies of one helpdesk differ in names and numbers: their sentences share shapes and entity
    # signatures, whose answers to the rules' conditions are kept once for all of them.
    from bench_modules import load

    corpus = load("corpus")
    remembering, forgetting = Linter(), Linter()
    forgetting.ruleset.matches.limit = 0
    for text in corpus.messages(400, seed=1):
        assert _json(remembering.check(text)) == _json(forgetting.ruleset.check(forgetting.analyze(text))), text


def test_a_full_memory_forgets_the_older_half():
    lint = Linter()
    memo = lint.ruleset.matches
    memo.limit = 4
    for n in range(6):
        lint.check(f"Заказ {n} передали в доставку.")
    assert 1 <= len(memo._memo) <= 4
    assert "Заказ 5 передали в доставку." in memo._memo  # the newest stays


def test_a_full_memory_keeps_what_came_back():
    # A greeting met again since the memory was last full outlives newer sentences that were not,
    # and so does its shape; with nothing met again, the older half goes, as above.
    lint = Linter()
    memo = lint.ruleset.matches
    memo.limit = 6
    greeting = "Здравствуйте, Анна!"
    lint.check(greeting)
    entry = memo._memo[greeting]
    for n in range(12):
        lint.check(f"Заказ {n} передали в доставку.")
        lint.check(greeting)
        assert memo._memo[greeting] is entry, n  # never forgotten and read anew
    assert len(memo._memo) <= 6 and "Заказ 0 передали в доставку." not in memo._memo
    order = "Заказ {} собран и передан курьеру."
    lint.check(order.format(100))
    shape = memo._memo[order.format(100)].shape
    for n in range(12):
        lint.check("Да," + " да" * (n + 1) + ".")  # a shape of its own: one more token each time
        lint.check(order.format(200 + n))  # a new sentence of the order's shape
        assert shape in memo._shapes.values(), n
    assert len(memo._shapes) <= 6


def test_sentences_of_one_shape_differ_where_their_times_differ():
    # Tokens with the same bits in the same order make one shape: its matches are worked out for the
    # first such sentence. A time that is one only by its digits («до 12:00», not «до 25:00») must
    # still be read in each sentence.
    pairs = [
        ("Мы свяжемся с вами до 12:00.", "Мы свяжемся с вами до 25:00."),
        ("Ответим вам 15 марта.", "Ответим вам 45 марта."),
        # a rule's own pattern reads the time: negative.cannot-when, not negative.cannot
        ("Мы не можем вернуть деньги до 15 марта.", "Мы не можем вернуть деньги до 45 марта."),
    ]
    forgetting = Linter()
    forgetting.ruleset.matches.limit = 0
    for good, bad in pairs:  # «good» has a time, «bad» has none
        rs = forgetting.ruleset
        assert rs.sentence(good, good, ()).each == rs.sentence(bad, bad, ()).each  # one shape
        assert _json(forgetting.check(good)) != _json(forgetting.check(bad))
        for first, second in ((good, bad), (bad, good)):
            lint = Linter()
            assert _json(lint.check(first)) == _json(forgetting.check(first))
            assert _json(lint.check(second)) == _json(forgetting.check(second)), second


def test_a_finding_made_once_reads_as_if_made_where_it_stands():
    # A finding is made once per rule, pattern and text of the match, and moved to where the match
    # stands. Whether only punctuation comes before the match is part of what it reads: «Не можем»
    # opening a sentence is quoted in lower case, a capital mid-sentence is kept.
    texts = [
        "Не можем вернуть деньги.",
        "Увы Не можем вернуть деньги.",
        "— Не можем вернуть деньги.",
        "Анна, не можем вернуть деньги.",
        "Здравствуйте! Увы, не можем вернуть деньги.",
    ]
    forgetting = Linter()
    forgetting.ruleset.matches.limit = 0
    quoted = {f.message.split("»")[0] for t in texts for f in forgetting.check(t)}
    assert quoted == {"«не можем вернуть деньги", "«Не можем вернуть деньги"}
    for order in (texts, texts[::-1]):
        lint = Linter()
        for text in order:
            assert _json(lint.check(text)) == _json(forgetting.check(text)), text


_AFTER_TIME = """\
id: timeline.fixture-{name}
title: «отключится» {title}
severity: suggestion
message: "«{{match}}»"
why: The memory of sentences must tell apart times that end at different tokens.
match:
  - {match}
{unless}examples:
  - bad: "[[{bad}]] интернет."
  - good: "{good} интернет."
"""


def test_sentences_of_one_shape_differ_where_their_times_end(tmp_path):
    # «06 мая в 23:59» is one time of four tokens, «03 мая в 28:92» a time of two: the tokens carry
    # the same bits, and the times begin at the same token. A pattern that reads what follows the
    # time must still be searched, and a condition that does asked, for each.
    ends, cut = "06 мая в 23:59 отключится", "03 мая в 28:92 отключится"
    (tmp_path / "after.yaml").write_text(
        _AFTER_TIME.format(name="after", title="сразу за временем", match="[{entity: time}, {lemma: отключиться}]",
                           unless="", bad=ends, good=cut), encoding="utf-8")  # fmt: skip
    (tmp_path / "unless.yaml").write_text(
        _AFTER_TIME.format(name="unless", title="не сразу за временем", match="[{lemma: отключиться}]",
                           unless="unless:\n  sentence:\n    - [{entity: time}, {lemma: отключиться}]\n",
                           bad=cut[-10:], good=ends), encoding="utf-8")  # fmt: skip
    select = ["timeline.fixture-after", "timeline.fixture-unless"]
    forgetting = Linter(select=select, rule_dirs=[tmp_path])
    forgetting.ruleset.matches.limit = 0
    rs = forgetting.ruleset
    assert rs.sentence(ends, ends, ()).each == rs.sentence(cut, cut, ()).each  # one shape
    assert [f.rule for f in forgetting.check(ends)] == ["timeline.fixture-after"]
    assert [f.rule for f in forgetting.check(cut)] == ["timeline.fixture-unless"]
    for first, second in ((ends, cut), (cut, ends)):
        lint = Linter(select=select, rule_dirs=[tmp_path])
        assert _json(lint.check(first)) == _json(forgetting.check(first))
        assert _json(lint.check(second)) == _json(forgetting.check(second)), second


def test_a_condition_asks_the_patterns_whose_entities_a_sentence_holds(tmp_path):
    # A condition's patterns that read entities are asked only for the entities a sentence holds,
    # once they are known (here a pattern of the rule reads them): one for a time and one for an
    # amount, each must still answer for its own sentence.
    (tmp_path / "unless.yaml").write_text(
        _AFTER_TIME.format(name="entities", title="без срока и суммы",
                           match="[{lemma: отключиться}]\n  - [{entity: time}, {lemma: отключиться}]",
                           unless="unless:\n  message:\n    - [{entity: time}]\n    - [{entity: money}]\n",
                           bad="Интернет отключится", good="Интернет отключится, вернём 500 ₽"),
        encoding="utf-8")  # fmt: skip
    lint = Linter(select=["timeline.fixture-entities"], rule_dirs=[tmp_path])
    said = {
        "Интернет отключится.": True,
        "Интернет отключится, вернём 500 ₽.": False,
        "Интернет отключится, включим завтра в 10:00.": False,
        "Интернет отключится, а деньги вернём.": True,
        "Интернет отключится. Вернём 500 ₽.": False,
    }
    for text, fires in said.items():
        assert bool(lint.check(text)) is fires, text


def test_rules_that_say_alike_each_report_under_their_own_id(tmp_path):
    # A finding is made once per match for all rules that say alike: each still reports it as its own.
    for name in ("one", "two"):
        (tmp_path / f"{name}.yaml").write_text(
            _AFTER_TIME.format(name=name, title="дважды", match="[{lemma: отключиться}]", unless="",
                               bad="Интернет отключится", good="Интернет работает"),
            encoding="utf-8")  # fmt: skip
    lint = Linter(select=["timeline.fixture-one", "timeline.fixture-two"], rule_dirs=[tmp_path])
    for _ in range(2):  # the second time round, the findings are remembered
        one, two = lint.check("Завтра интернет отключится.")
        assert (one.rule, two.rule) == ("timeline.fixture-one", "timeline.fixture-two")
        assert one.to_json() | {"rule": "x"} == two.to_json() | {"rule": "x"}


def test_sentences_that_differ_only_in_digits_place_their_entities_as_each_alone():
    # Where a sentence's entities stand is remembered by its text with the digits folded that the
    # entity grammar reads by length alone (sentences.Sent): a sentence met with other such digits
    # reads it back, and must get what reading the sentence afresh gets. An hour, a day and a
    # year's first digits are read by value: «до 12:00» is a time, «до 25:00» is not.
    from cxlint import sentences

    rs = Linter().ruleset
    texts = [r["text"] for r in load()]
    texts += ["Курьер приедет до 12:00, код 5018.", "Договор от 2019 года, счёт 7731.", "Итого 1 500 ₽ до 15.03."]
    rnd = random.Random(5)

    def read(sent) -> tuple:
        return sent.ent_at, sent.signature(), sent.entity_keys, sent.facts

    compared = 0
    for text in [t for t in texts if any(c.isdigit() for c in t)]:
        for variant in [text] + ["".join(str(rnd.randrange(10)) if c.isdigit() else c for c in text) for _ in range(4)]:
            remembered = read(rs.sentence(variant, variant, ()))
            kept = dict(sentences._PLACED)
            sentences._PLACED.clear()
            try:
                alone = read(rs.sentence(variant, variant, ()))
            finally:
                sentences._PLACED.clear()
                sentences._PLACED.update(kept)
            assert remembered == alone, variant
            compared += 1
    assert compared > 300
    times = ["time" in read(rs.sentence(t, t, ()))[3] for t in ("Ответим до 12:00.", "Ответим до 25:00.")]
    assert times == [True, False]


def test_sentences_known_by_one_key_carry_the_same_bits(monkeypatch):
    # A sentence's shape is looked up by the numbers of its runs' bits (Sent.key): equal keys must
    # mean equal bits, also once the memory of runs has been emptied and its numbers given anew.
    from cxlint import bits

    texts = sorted({s for r in load()[:300] for s in r["text"].replace("!", ".").split(". ") if s})
    rs = Linter().ruleset
    keys = {rs.sentence(t, t, ()).key for t in texts}
    assert len(keys) < len(texts)  # sentences alike but for a name or a number share one
    order = [rs.sentence(t, t, ()).key for t in ("Заказ 4512 передан.", "Заказ 7730 передан.")]
    assert order[0] == order[1]
    monkeypatch.setattr(bits, "_RUNS_LIMIT", 40)
    rs = Linter().ruleset
    by_key: dict[tuple, list[int]] = {}
    for text in texts + texts[::-1]:
        sent = rs.sentence(text, text, ())
        assert by_key.setdefault(sent.key, sent.each) == sent.each, text


@functools.cache
def _ruleset():
    return Linter().ruleset


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["Заказ", "№123", "(вернём", "деньги).", "ул.", "15:00,", "—", "😔", "т.е."]), max_size=8),
    st.lists(st.sampled_from([" ", "  ", "\t", "\u00a0", " \u00a0"]), min_size=1),
    st.sampled_from(["", " ", "\t"]),
)
def test_a_sentence_places_its_tokens_as_the_tokeniser_does(words, spaces, edge):
    # A sentence's token offsets are read off its runs (TokenBits._offsets): one space character
    # between runs places them one after another; other spacing is read off the text.
    text = edge + "".join(w + spaces[i % len(spaces)] for i, w in enumerate(words)).rstrip() + edge
    starts, ends = _ruleset().sentence(text, text, ())._offsets()
    toks = tokenize(text, text)
    assert (starts, ends) == ([t.start for t in toks], [t.end for t in toks]), repr(text)
