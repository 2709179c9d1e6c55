"""Properties that hold for any text: checking never raises, findings are well-formed, and
placeholders are never flagged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxlint

WORDS = [
    "не",
    "можем",
    "сможем",
    "вернуть",
    "нет",
    "в",
    "наличии",
    "скоро",
    "ожидайте",
    "от",
    "500",
    "₽",
    "примерно",
    "цена",
    "может",
    "измениться",
    "к",
    "сожалению",
    "ближайшее",
    "время",
    "заказ",
    "до",
    "пятницы",
    "18:00",
    ",",
    ".",
    "!",
    "?",
    "\n",
    "😊",
    "ё",
    "Ё",
    "—",
    "«",
    "»",
    "*",
    "%",
    "руб.",
]
PLACEHOLDERS = ["{{name}}", "{order}", "%s", "%(amount)s", "#ORDER_ID#", "[Имя]", "{{ date }}", "[срок]"]

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
phrases = st.lists(st.sampled_from(WORDS + PLACEHOLDERS), max_size=40).map(" ".join)
mixed = st.one_of(texts, phrases, st.tuples(phrases, texts).map("".join))

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(mixed)
def test_findings_are_well_formed(text):
    found = cxlint.check(text)
    assert found == sorted(found, key=lambda f: (f.start, f.end, f.rule))
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert f.text == text[f.start : f.end]
        assert f.rule.startswith(f.category + ".")
        for s in f.suggestions:
            assert 0 <= s.start <= s.end <= len(text)


@SETTINGS
@given(
    st.lists(st.sampled_from(WORDS), max_size=30),
    st.lists(st.sampled_from(PLACEHOLDERS), min_size=1, max_size=4),
    st.randoms(),
)
def test_placeholders_are_never_inside_a_finding(words, phs, rnd):
    tokens = words + phs
    rnd.shuffle(tokens)
    text = " ".join(tokens)
    from cxlint.placeholders import find

    spans = [(p.start, p.end) for p in find(text) if p.slot is None]  # slots are ours: the slot rule flags them
    for f in cxlint.check(text):
        for a, b in spans:
            assert b <= f.start or a >= f.end, f"{f.rule} flags {f.text!r} over placeholder {text[a:b]!r}"
            for s in f.suggestions:
                assert b <= s.start or a >= s.end or s.start == s.end, "a suggestion rewrites a placeholder"
