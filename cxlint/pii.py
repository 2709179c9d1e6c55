"""Personal data out of a report: phone numbers, e-mails, card numbers and people's names are
replaced by tags such as «[телефон]», and highlight spans are moved onto the masked text.

Phones, e-mails and cards are regular expressions (a card must pass the Luhn check, so an order
number of the same length stays). Names come from natasha's news NER (PER spans), loaded once on
first use (about 1.5 s) and run in batches; support chats address people where a news model is
least sure («анна, здравствуйте», «С уважением, Иван»), so a capitalised word that pymorphy3 knows
as a first name, surname or patronymic is also taken in a greeting, a signature or «меня зовут …».
Template placeholders ({{name}}, [Имя]) and rewrite slots are never personal data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from . import morph, placeholders
from .once import once

TAGS = {"phone": "[телефон]", "email": "[e-mail]", "card": "[карта]", "name": "[имя]"}

Span = tuple[int, int, str]  # [start, end, rule]

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_D = r"[\s\-‑–]?"  # one optional separator between digit groups
_PHONE = re.compile(
    r"(?<![\w+])(?:"
    rf"(?:\+\s?7|8|7){_D}(?:\(\s?\d{{3}}\s?\)|\d{{3}}){_D}\d{{3}}{_D}\d{{2}}{_D}\d{{2}}"  # +7 (912) 345-67-89
    r"|\+(?:[1-69]\d{0,2})(?:[\s\-‑()]{0,2}\d){8,12}"  # +375 29 123-45-67, +44 20 7946 0958
    r")(?!\w)"
)
_CARD = re.compile(r"(?<![\w\-])(?:\d{4}(?:[ \-]?\d{4}){2}[ \-]?\d{1,7}|\d{4}[ \-]?\d{6}[ \-]?\d{3,5})(?![\w\-])")

# Contexts where a capitalised word that can be a first name, surname or patronymic is a person:
# an address at the start of a message or after a greeting, a signature, an introduction.
_NAME_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_NAMES = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}"
_ANYCASE = r"(?i:[а-яё]+(?:-[а-яё]+)?(?:[ \t]+[а-яё]+(?:-[а-яё]+)?){0,2})"  # chats write «анна, здравствуйте»
_GREETING = r"(?i:здравствуйте|добрый\s+(?:день|вечер)|доброе\s+утро|доброй\s+ночи|привет|приветствую|спасибо)"
_CONTEXTS = [
    re.compile(rf"(?:^|(?<=[\n.!?]))[ \t]*(?P<n>{_ANYCASE})[ \t]*,[ \t]*{_GREETING}"),
    re.compile(rf"(?:{_GREETING}|(?i:уважаем(?:ый|ая)))[ \t]*,?[ \t]+(?P<n>{_ANYCASE})[ \t]*(?=[!,.)\n]|$)"),
    re.compile(
        r"(?i:с\s+уважением|с\s+наилучшими\s+пожеланиями|всего\s+доброго|хорошего\s+дня|ваш[аи]?\s+"
        rf"(?:менеджер|специалист|консультант|оператор)|на\s+связи)[ \t]*[,.!]?[ \t]*\n?[ \t]*(?P<n>{_NAMES})"
    ),
    re.compile(rf"(?i:меня\s+зовут|это|с\s+вами|вам\s+пишет|вам\s+отвечает)[ \t]+(?P<n>{_NAMES})"),
    re.compile(rf"(?i:ФИО|получатель|контактное\s+лицо|имя)\s*:[ \t]*(?P<n>{_NAMES})"),
]
_PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})


class Masked(NamedTuple):
    text: str
    spans: list[Span]  # the highlight spans, moved onto ``text``
    pieces: list[Span]  # where the tags are in ``text``: [start, end, kind]


@once
def _tagger():
    """natasha's NER, loaded once; it needs only the embedding and the tagger (no pymorphy2)."""
    try:
        from natasha import NewsEmbedding, NewsNERTagger
    except ImportError as e:
        raise ImportError("masking people's names needs natasha: pip install 'cxlint[audit]'") from e
    return NewsNERTagger(NewsEmbedding())


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _is_person(word: str) -> bool:
    return any(_PERSON_TAGS & grammemes for _, grammemes in morph.parses(morph.fold(word)))


def _context_names(text: str) -> Iterable[tuple[int, int]]:
    for pattern in _CONTEXTS:
        for m in pattern.finditer(text):
            start = m.start("n")
            words = [(start + w.start(), start + w.end()) for w in re.finditer(r"\S+", m.group("n"))]
            run = []  # the leading run of name-like words: «Иван Петров» in «Иван Петров Отдел …»
            for a, b in words:
                if not _is_person(text[a:b]):
                    break
                run.append((a, b))
            if run:
                yield run[0][0], run[-1][1]


def _common_word(word: str) -> bool:
    w = morph.fold(word)
    return morph.analyzer().word_is_known(w) and not _is_person(w)


def _ner_name(text: str, a: int, b: int) -> tuple[int, int]:
    # NER spans stop mid-word now and then («Алексее|м»): a tag covers whole words; and take in a
    # title now and then («Курьер Сидоров»): a dictionary word that is no name is dropped from the edges
    while a > 0 and text[a - 1].isalpha():
        a -= 1
    while b < len(text) and text[b].isalpha():
        b += 1
    words = [(a + m.start(), a + m.end()) for m in re.finditer(r"\S+", text[a:b])]
    while len(words) > 1 and _common_word(text[slice(*words[0])]):
        words.pop(0)
    while len(words) > 1 and _common_word(text[slice(*words[-1])]):
        words.pop()
    return words[0][0], words[-1][1]


def find(text: str, ner_spans: Iterable[tuple[int, int]] = ()) -> list[Span]:
    """The personal data in ``text``: sorted, non-overlapping [start, end, kind]; ``ner_spans`` are
    the PER spans the NER found (``mask_all`` runs it)."""
    found: list[Span] = [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    found += [(m.start(), m.end(), "phone") for m in _PHONE.finditer(text)]
    found += [(m.start(), m.end(), "card") for m in _CARD.finditer(text) if luhn(re.sub(r"\D", "", m.group()))]
    found += [(*_ner_name(text, a, b), "name") for a, b in ner_spans]
    found += [(a, b, "name") for a, b in _context_names(text)]
    keep = placeholders.find(text)
    out: list[Span] = []
    for a, b, kind in sorted(found, key=lambda s: (s[0], -s[1])):
        if any(p.start < b and a < p.end for p in keep):
            continue  # {{name}}, [Имя]: a template's slot, not a person
        if out and kind == out[-1][2] == "name" and not text[out[-1][1] : a].strip():
            out[-1] = (out[-1][0], max(b, out[-1][1]), kind)  # «Ковалёва» + «Нина Петровна»: one person
            continue
        if out and a < out[-1][1]:
            if b > out[-1][1]:  # overlapping pieces of one kind merge; another kind keeps the first
                if kind == out[-1][2]:
                    out[-1] = (out[-1][0], b, kind)
            continue
        out.append((a, b, kind))
    return out


def apply(text: str, pieces: Sequence[Span], spans: Iterable[Sequence] = ()) -> Masked:
    """Replace ``pieces`` by their tags and move ``spans`` onto the new text: a position inside a
    masked piece goes to the piece's edge (a span's start to the tag's start, its end to the tag's
    end), so a span touching a piece widens to cover its tag and never splits one."""
    parts, new_pieces, pos, shift = [], [], 0, 0
    marks = []  # (old start, old end, new start, new end)
    for a, b, kind in pieces:
        tag = TAGS[kind]
        parts += [text[pos:a], tag]
        marks.append((a, b, a + shift, a + shift + len(tag)))
        new_pieces.append((a + shift, a + shift + len(tag), kind))
        shift += len(tag) - (b - a)
        pos = b
    parts.append(text[pos:])

    def move(p: int, end: bool) -> int:
        delta = 0
        for a, b, na, nb in marks:
            if p < a or (end and p == a):
                break
            if p < b or (end and p == b):
                return nb if end else na
            delta = nb - b
        return p + delta

    moved = []
    for s in spans:
        a, b = move(s[0], False), move(s[1], True)
        moved.append((a, max(a, b), s[2]))
    return Masked("".join(parts), moved, new_pieces)


def mask_all(items: Iterable[tuple[str, Iterable[Sequence]]], *, names: bool = True) -> list[Masked]:
    """Mask many texts at once, each with its spans; the NER runs in batches (several times faster
    than one text at a time)."""
    items = [(t, list(s)) for t, s in items]
    per: list[list[tuple[int, int]]] = [[] for _ in items]
    if names:
        texts = [t for t, _ in items]
        for i, markup in enumerate(_tagger().map([t if t.strip() else "." for t in texts])):
            per[i] = [(s.start, s.stop) for s in markup.spans if s.type == "PER"]
    return [apply(t, find(t, ner), spans) for (t, spans), ner in zip(items, per, strict=True)]


def mask(text: str, spans: Iterable[Sequence] = (), *, names: bool = True) -> tuple[str, list[Span]]:
    """``text`` with personal data replaced by tags, and ``spans`` ([start, end, rule]) moved onto it."""
    m = mask_all([(text, spans)], names=names)[0]
    return m.text, m.spans
