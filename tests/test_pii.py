"""Personal data masking for the audit report: formats, Luhn, placeholders, names, span remapping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlint import pii

NAMES = Path(__file__).parent / "data" / "pii-names.txt"


@pytest.mark.parametrize(
    "phone",
    [
        "+7 (912) 345-67-89",
        "+7(912)345-67-89",
        "+79123456789",
        "8 912 345 67 89",
        "89123456789",
        "8-800-555-35-35",
        "8 (495) 123-45-67",
        "+7 912 345 67 89",
        "+375 29 123-45-67",
    ],
)
def test_phone_numbers_are_masked(phone):
    text, _ = pii.mask(f"Перезвоните по номеру {phone}, пожалуйста.", names=False)
    assert text == "Перезвоните по номеру [телефон], пожалуйста."


@pytest.mark.parametrize("mail", ["ivan.petrov@mail.ru", "anna_k+shop@yandex.ru", "support@bank-x.com"])
def test_emails_are_masked(mail):
    text, _ = pii.mask(f"Напишите на {mail}.", names=False)
    assert text == "Напишите на [e-mail]."


@pytest.mark.parametrize(
    "card", ["4276 3800 1234 5679", "4276-3800-1234-5679", "4276380012345679", "4111 1111 1111 1111"]
)
def test_card_numbers_that_pass_luhn_are_masked(card):
    text, _ = pii.mask(f"Карта {card} заблокирована.", names=False)
    assert text == "Карта [карта] заблокирована."


@pytest.mark.parametrize(
    "text",
    [
        "Заказ 4276380012345674 передан в доставку.",  # card-length, fails Luhn: an order number
        "Сумма 1 490 ₽, доставка до 18:00 14.09.2025.",
        "Заказ № 55-1920, трек RU123456789CN, ИНН 7701234567.",
        "Здравствуйте, {{name}}! Это [Имя], звоните {{phone}} или пишите на %s.",
        "Добрый день, [Имя]! Ваш заказ #ORDER_ID# готов, срок — [срок].",
    ],
)
def test_what_is_not_personal_data_stays(text):
    assert pii.mask(text) == (text, [])


def test_luhn():
    assert pii.luhn("79927398713") and pii.luhn("4276380012345679")
    assert not pii.luhn("79927398710") and not pii.luhn("4276380012345674")


def _marked(line: str) -> tuple[str, list[tuple[int, int]]]:
    """«[[Анна]], здравствуйте» → the text and where the marked names are."""
    out, gold, pos = "", [], 0
    for m in re.finditer(r"\[\[(.+?)\]\]", line):
        out += line[pos : m.start()]
        gold.append((len(out), len(out) + len(m.group(1))))
        out += m.group(1)
        pos = m.end()
    return out + line[pos:], gold


def _name_cases() -> list[tuple[str, list[tuple[int, int]]]]:
    lines = NAMES.read_text(encoding="utf-8").splitlines()
    return [_marked(x.replace("\\n", "\n")) for x in lines if x.strip() and not x.startswith("#")]


def test_names_in_support_chats_recall_and_nothing_else_masked():
    cases = _name_cases()
    masked = pii.mask_all([(t, []) for t, _ in cases])
    found = total = 0
    for (text, gold), m in zip(cases, masked, strict=True):
        total += len(gold)
        names = [(a, b) for a, b, kind in pii.find(text, _per(text)) if kind == "name"]
        found += sum(any(a <= g0 and g1 <= b for a, b in names) for g0, g1 in gold)
        # every masked name is one of the marked ones: no ordinary word is lost
        assert all(any(a < g1 and g0 < b for g0, g1 in gold) for a, b in names), (text, names)
        assert m.text.count("[имя]") - text.count("[имя]") == len(names)
    assert total >= 30
    assert found / total >= 0.9


def _per(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.stop) for s in pii._tagger()(text).spans if s.type == "PER"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Анна, здравствуйте! Заказ готов.", "[имя], здравствуйте! Заказ готов."),
        ("Передала вопрос Марии Ивановой, она перезвонит.", "Передала вопрос [имя], она перезвонит."),
        ("Поговорите с Анной на кассе.", "Поговорите с [имя] на кассе."),
        ("Спасибо за ожидание!\n\nС уважением, Иван Петров", "Спасибо за ожидание!\n\nС уважением, [имя]"),
        ("Курьер Сидоров уже выехал.", "Курьер [имя] уже выехал."),
    ],
)
def test_names_and_their_inflected_forms(text, expected):
    assert pii.mask(text)[0] == expected


def test_a_span_over_masked_data_widens_to_the_tag_and_others_move():
    text = "Позвоните 8 912 345 67 89 или напишите, ответим скоро."
    rule_span = [text.index("скоро"), text.index("скоро") + 5, "timeline.soon"]
    over_phone = [text.index("912"), text.index("или") + 3, "x.y"]
    masked, spans = pii.mask(text, [over_phone, rule_span], names=False)
    assert masked == "Позвоните [телефон] или напишите, ответим скоро."
    assert masked[spans[0][0] : spans[0][1]] == "[телефон] или"
    assert masked[spans[1][0] : spans[1][1]] == "скоро" and spans[1][2] == "timeline.soon"


WORDS = st.sampled_from(["ответим", "скоро", " ", ", ", "\n", "Иван", "8 912 345 67 89", "a@b.ru", "4111111111111111"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=12).map("".join), st.data())
def test_spans_stay_within_the_text_and_in_order(text, data):
    cut = st.integers(0, len(text))
    pieces = []  # arbitrary non-overlapping pieces, so remapping is tested apart from detection
    for a, b in sorted(data.draw(st.lists(st.tuples(cut, cut), max_size=4))):
        a, b = min(a, b), max(a, b)
        if a < b and (not pieces or a >= pieces[-1][1]):
            pieces.append((a, b, data.draw(st.sampled_from(sorted(pii.TAGS)))))
    spans = sorted((min(a, b), max(a, b), "r") for a, b in data.draw(st.lists(st.tuples(cut, cut), max_size=6)))
    m = pii.apply(text, pieces, spans)
    assert len(m.spans) == len(spans)
    assert all(0 <= a <= b <= len(m.text) for a, b, _ in m.spans)
    starts = [a for a, _, _ in m.spans]
    assert starts == sorted(starts)  # spans sorted by start stay so
    for (a, b, _), (na, nb, _) in zip(spans, m.spans, strict=True):
        touched = [p for p in pieces if p[0] < b and a < p[1]]
        if not touched:  # a span away from personal data keeps its words
            assert m.text[na:nb] == text[a:b]
        for (pa, pb, kind), (qa, qb, _) in zip(pieces, m.pieces, strict=True):
            assert m.text[qa:qb] == pii.TAGS[kind]
            if pa < b and a < pb:  # a span touching a piece covers its whole tag
                assert na <= qa and qb <= nb


def test_without_natasha_masking_names_says_which_extra(monkeypatch):
    from cxlint.once import once

    monkeypatch.setattr(pii, "_tagger", once(pii._tagger.__wrapped__))  # as if never loaded
    monkeypatch.setitem(__import__("sys").modules, "natasha", None)
    assert pii.mask("Звоните 89123456789", names=False)[0] == "Звоните [телефон]"
    with pytest.raises(ImportError, match=r"cxlint\[audit\]"):
        pii.mask("Анна, здравствуйте!")
