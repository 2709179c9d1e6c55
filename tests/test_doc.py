"""The analysed document: tokens, sentences, placeholders, parses — and agreement with razdel,
the reference tokeniser, on the corpus."""

from __future__ import annotations

import random

import razdel
from corpus_eval import load
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlint import placeholders
from cxlint.doc import analyze, mask
from cxlint.sentences import Lines
from cxlint.splitter import sentence_spans


def test_placeholders_are_single_tokens_and_never_break_a_sentence():
    text = "Здравствуйте, {{name}}! Заказ #ORDER_ID# на %s ₽. Спасибо, [Имя]. Дата: {{ date }}"
    d = analyze(text)
    ph = [t.text for t in d.tokens if t.kind == "ph"]
    assert ph == ["{{name}}", "#ORDER_ID#", "%s", "[Имя]", "{{ date }}"]
    assert [text[s.start : s.end] for s in d.sentences] == [
        "Здравствуйте, {{name}}!",
        "Заказ #ORDER_ID# на %s ₽.",
        "Спасибо, [Имя].",
        "Дата: {{ date }}",
    ]
    assert "time" in d.facts and "money" in d.facts  # {{ date }} stands for a date, «%s ₽» for an amount


def test_lemmas_from_all_parses_and_yo_folding():
    d = analyze("Мы не можем. Ещё данной")
    by = {t.text: t for t in d.tokens}
    assert "мочь" in by["можем"].lemmas
    assert by["Ещё"].norm == "еще" and "еще" in by["Ещё"].lemmas
    assert {"дать", "данный"} <= by["данной"].lemmas  # participle and adjective both kept


def test_sentences_abbreviations_and_newlines():
    text = "Стоимость 5 тыс. руб. в месяц, т.е. дешевле. Ок!\nЖдём вас\nзавтра в 10:00"
    d = analyze(text)
    assert [text[s.start : s.end] for s in d.sentences] == [
        "Стоимость 5 тыс. руб. в месяц, т.е. дешевле.",
        "Ок!",
        "Ждём вас\nзавтра в 10:00",
    ]


def test_offsets_are_exact():
    text = "Привет 👋🏽, мир… «ёлка» — https://example.com/a?b=1, mail@ex.ru!"
    for t in analyze(text).tokens:
        assert text[t.start : t.end] == t.text
    assert [t.kind for t in analyze(text).tokens if t.kind == "url"] == ["url", "url"]


def test_agrees_with_razdel_on_the_corpus(capsys):
    """Words and sentences agree with razdel, except where we differ on purpose: placeholders
    are one token, clock times («18:00») and dates stay whole."""
    words = same_words = sents = same_sents = 0
    for r in load():
        text = r["text"]
        d = analyze(text)
        mine = {(t.start, t.end) for t in d.tokens if t.kind == "word"}
        ref = {(t.start, t.stop) for t in razdel.tokenize(text) if t.text.isalpha()}
        ph = [(p.start, p.end) for p in d.placeholders]
        ref = {s for s in ref if not any(a <= s[0] < b for a, b in ph)}
        words += len(ref)
        same_words += len(ref & mine)
        ref_s = {(s.start, s.stop) for s in razdel.sentenize(text)}
        sents += len(ref_s)
        same_sents += len(ref_s & {(s.start, s.end) for s in d.sentences})
    with capsys.disabled():
        print(f"\nrazdel agreement: words {same_words / words:.4f}, sentences {same_sents / sents:.4f}")
    assert same_words / words >= 0.99
    assert same_sents / sents >= 0.90


def test_zero_width_characters_are_not_tokens():
    # pasted from web pages and translation tools: «предоставлена \u200b\u200bвсем» is two words apart, not three tokens
    d = analyze("Скидка будет предоставлена \u200b\u200bвсем,\u2060 товарам\ufeff.")
    assert [t.text for t in d.tokens] == ["Скидка", "будет", "предоставлена", "всем", ",", "товарам", "."]


# What sentence_spans must get right: every way split_sentences decides a boundary, and the
# characters around a gap that could fool a reading of the text alone.
_PIECES = [
    "Заказ",
    "вернём",
    "ул.",
    "г.",
    "т.е.",
    "1.",
    "\n1.",
    "А.",
    "С.",
    "руб.",
    "тыс.",
    "5",
    "15:00.",
    "...",
    "?!",
    "!",
    "…",
    "😔",
    "🙂",
    "№",
    "—",
    "«",
    "»",
    "(",
    ")",
    ":)",
    "{{name}}",
    "%s",
    "#ORDER_ID#",
    "[срок]",
    "[Имя].",
    "www.site.ru.",
    "Ivan@mail.ru",
    "https://ex.ru/😀",
    "\n",
    "\n\n",
    " \n ",
    "\t",
    "\xa0",
    "  ",
    ".",
    " . ",
    "₽.",
    "вас",
    "Спасибо",
    "завтра",
    "ок",
    "Ок.",
    "Здравствуйте!",
    "\n- ",
    "3.5",
    "12.07",
    "II.",
    "ЖК",
    "x",
]


_LINES = Lines()  # one memory of lines across the tests, as a rule set keeps it across messages


def _spans_agree(text: str) -> bool:
    phs = placeholders.find(text)
    masked = mask(text, phs)
    got = sentence_spans(masked, text, frozenset(p.start for p in phs if p.slot), _LINES)
    want = [(s.start, s.end) for s in analyze(text).sentences]
    return got is None or got == want


def test_sentences_found_on_the_text_are_those_of_the_token_walk():
    texts = [r["text"] for r in load()]
    rnd = random.Random(5)
    for text in texts[:400]:
        words = text.split(" ")
        for _ in range(rnd.randrange(1, 6)):
            words.insert(rnd.randrange(len(words) + 1), rnd.choice(_PIECES))
        texts.append(" ".join(words))
    disagree = [t for t in texts if not _spans_agree(t)]
    assert disagree == []


def test_lines_that_differ_only_in_digits_are_cut_as_the_token_walk_cuts_each():
    # The cuts of a line are remembered by its text with its digits made zeros: a line met again
    # with other digits reads them back, and must get what the token walk gets for it.
    texts = [r["text"] for r in load()]
    texts += [
        "1. Заберём заказ.\n2. Вернём деньги.",
        "Курьер приедет в 15:00. Ждите звонка.",
        "Код 12.07. Оплата 3.5 тыс. руб. Спасибо!",
        "Код 12\ud800 ок. Спасибо!",  # a lone surrogate, as a JSON line may hold
    ]
    rnd = random.Random(7)
    shared = Lines()
    for text in [t for t in texts if any(c.isdigit() for c in t)]:
        for variant in [text] + [
            "".join(str(rnd.randrange(10)) if c in "0123456789" else c for c in text) for _ in range(3)
        ]:
            phs = placeholders.find(variant)
            masked = mask(variant, phs)
            got = sentence_spans(masked, variant, frozenset(p.start for p in phs if p.slot), shared)
            assert got is None or got == [(s.start, s.end) for s in analyze(variant).sentences], variant


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12), st.lists(st.sampled_from([" ", "", "\n", "  "])))
def test_sentences_found_on_the_text_agree_on_any_mix(pieces, seps):
    text = "".join(p + (seps[i % len(seps)] if seps else " ") for i, p in enumerate(pieces))
    assert _spans_agree(text)


def test_a_line_without_placeholders_is_remembered_in_a_message_with_them():
    # A template's body lines rarely hold its placeholders: their cuts are remembered, and read
    # back in any message, with or without placeholders, as the token walk finds them.
    lines = Lines()
    body = "Заказ передан в доставку. Курьер позвонит за час до приезда!"
    messages = ["Здравствуйте, {{name}}!\n" + body, "Добрый день!\n" + body + " Номер: #ORDER_ID#", "Ок.\n" + body]
    for text in messages:
        phs = placeholders.find(text)
        masked = mask(text, phs)
        assert masked != text or text == messages[2]
        got = sentence_spans(masked, text, frozenset(p.start for p in phs if p.slot), lines)
        assert got == [(s.start, s.end) for s in analyze(text).sentences]
        assert body in lines
    assert not any("{{" in line or "#" in line for line in lines)


def test_a_full_memory_of_lines_keeps_what_came_back():
    lines = Lines()
    greeting = "Здравствуйте! Спасибо, что написали."
    for n in range(10):
        text = f"{greeting}\nЗаказ {n} в пути. Курьер позвонит за час."
        got = sentence_spans(text, text, frozenset(), lines, 4)
        assert got == [(s.start, s.end) for s in analyze(text).sentences]
        if n == 0:
            kept = lines[greeting]
        assert lines[greeting] is kept and len(lines) <= 4, n  # never forgotten and cut anew


def test_zero_width_characters_leave_the_cut_to_the_token_walk():
    for zw in "\u200b\u200c\u200d\u2060\ufeff":
        for text in (f"Спасибо!{zw} Ждём вас.", f"Спасибо! {zw}Ждём вас.", f"Спасибо!{zw}\nждём вас.", f"Ок.{zw}"):
            assert sentence_spans(text, text) is None
            assert _spans_agree(text)


def test_a_run_too_long_to_look_back_over_takes_the_token_walk():
    text = "Ссылка: https://example.com/" + "a" * 300 + ". Дальше"
    assert sentence_spans(text, text) is None
    assert [text[s.start : s.end] for s in analyze(text).sentences][-1] == "Дальше"


def test_tokens_made_when_read_are_those_of_tokenize():
    # A finding's sentence is analysed with tokens made when first read (doc.lazy_tokens): any
    # token, slice or order of reading gives what tokenize() gives, and both what the token walk
    # over the whole text gives, with no run remembered.
    from cxlint.doc import _tokenize, lazy_tokens, tokenize

    rnd = random.Random(3)
    texts = [r["text"] for r in load()[:300]] + ["Заказ #ORDER_ID# у {{name}}, срок [срок].", "%s ₽ за %(n)s дней"]
    for text in texts:
        phs = placeholders.find(text, placeholders.DEFAULT)
        masked, slots = mask(text, phs), frozenset(p.start for p in phs if p.slot)
        want = tokenize(masked, text, slots)
        assert want == _tokenize(masked, text, 0, slots)
        lazy = lazy_tokens(masked, text, slots)
        assert len(lazy) == len(want)
        for i in rnd.sample(range(-len(want), len(want)), min(5, 2 * len(want))):
            assert lazy[i] == want[i]
        a, b = sorted(rnd.randrange(len(want) + 1) for _ in range(2))
        assert lazy[a:b] == want[a:b]
        assert list(lazy) == want
