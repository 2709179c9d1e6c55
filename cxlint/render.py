"""Fill the fields of a rule's message and fix templates: captures, inflection that agrees with
another capture, table look-ups and literal words (docs/rules-format.md, «Fixes»)."""

from __future__ import annotations

import functools
import re

from . import morph
from .doc import Doc
from .kinds import pattern as pm
from .rules import FIELD, Rule

_FIELD = FIELD


def _render(template: str, values: dict, doc: Doc, m: pm.Match, tables=None) -> tuple[str, bool]:
    """Fill the fields of a message or fix template (docs/rules-format.md, «Fixes»); False when an
    inflection or a table look-up was impossible, so the caller shows the fix instead of applying it."""
    ok = True

    def sub(start: int, space: str, name: str, table: str | None, grams: str | None) -> str:
        nonlocal ok
        if name.startswith("="):
            value = name[1:]  # a literal word: {=этот|=dan}
        else:
            value = values.get(name, "")
            if start > 0 and value[:1].isupper() and value[1:2].islower() and _starts_sentence(doc, m, name):
                value = value[0].lower() + value[1:]  # «Доставка …» moved mid-sentence: «(доставка — …)»
        if table and value:
            value = _look_up((tables or {}).get(table, {}), doc, m.captures.get(name))
            if value is None:
                ok = False
                return space + values.get(name, "")
        if not value:
            return ""  # an absent optional capture takes the space before it along
        if not grams:
            return space + value
        words = value.split()
        wanted, reading = set(), None
        for g in grams.split(","):
            if ">" in g:  # {obj|gent>accs}: the genitive reading of «посылки», put in the accusative
                reading, g = g.split(">", 1)
                wanted -= _CASE
                wanted.add(g)
            elif g.startswith("@"):  # agree with another capture: «не смогу поменять» → «поменяю»
                wanted |= _agreement(doc, m.captures.get(g[1:]))
            elif g.startswith("="):  # the whole form of another capture: «данного» → «этого»
                wanted |= _form_of(doc, m.captures.get(g[1:]), words[0])
            else:
                if g in _CASE:
                    wanted -= _CASE | {"anim", "inan"}  # {adj|=noun,accs}: the noun's form, another case
                wanted.add(g)
        head = morph.inflect(words[0], wanted) if reading is None else _inflect_reading(words[0], reading, wanted)
        if head is None:
            ok = False
            return space + value
        return space + " ".join([head, *words[1:]])

    out = []
    for literal, field in _pieces(template):
        out.append(literal)
        if field is not None:
            out.append(sub(*field))
    return "".join(out), ok


@functools.lru_cache(maxsize=4096)
def _pieces(template: str) -> tuple[tuple[str, tuple | None], ...]:
    """A template cut at its fields, once: (the text before a field, (where the field starts, its
    space, name, table and grammemes)), the last piece with no field."""
    out, pos = [], 0
    for mo in _FIELD.finditer(template):
        out.append((template[pos : mo.start()], (mo.start(), *mo.groups())))
        pos = mo.end()
    out.append((template[pos:], None))
    return tuple(out)


def _inflect_reading(word: str, reading: str, wanted: set[str]) -> str | None:
    """``word`` inflected from a parse that has the ``reading`` grammeme, keeping its number."""
    for p in morph.analyzer().parse(word.lower()):
        if reading in p.tag.grammemes:
            number = {g for g in ("sing", "plur") if g in p.tag.grammemes}
            f = p.inflect(set(wanted) | number)
            if f is not None:
                return morph.match_case(word, f.word)
    return None


def _tables(rule: Rule) -> dict:
    return rule.fix.tables if rule.fix is not None else {}


def _look_up(table: dict[str, str], doc: Doc, span: tuple[int, int] | None) -> str | None:
    """The table's word for the lemma of the capture's first word («доставку» → «доставить»)."""
    if span is None or span[1] <= span[0]:
        return None
    for lemma, _ in doc.tokens[span[0]].parses:
        if lemma in table:
            return table[lemma]
    return None


_CASE = {"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"}


_FORM = _CASE | {"sing", "plur", "masc", "femn", "neut", "1per", "2per", "3per", "past", "pres", "futr", "indc", "impr"}
_FORM |= {"incl", "excl", "INFN", "GRND", "PRTF", "PRTS", "actv", "pssv"}


_SECOND = {"gen2": "gent", "acc2": "accs", "loc2": "loct"}


_NOMINAL = {"NOUN", "ADJF", "PRTF", "NPRO", "NUMR"}


_VERBAL = {"VERB", "INFN", "PRTS", "PRTF", "GRND"}


def _form_of(doc: Doc, span: tuple[int, int] | None, target: str) -> set[str]:
    """The inflectional grammemes of a capture's first word, read from a parse of the same kind as
    ``target`` (a nominal word copies case, number, gender; a verb copies person, tense, mood)."""
    if span is None or span[1] <= span[0]:
        return set()
    tps = morph.parses(morph.fold(target))
    nominal = bool(tps) and bool(tps[0][1] & _NOMINAL)
    parses = doc.tokens[span[0]].parses
    for _, gram in parses:
        if gram & (_NOMINAL if nominal else _VERBAL):
            break
    else:
        return set()
    wanted = {_SECOND.get(g, g) for g in gram & _FORM}
    if nominal:
        wanted -= {"PRTF", "actv", "pssv", "past", "pres", "futr"}
    if "accs" in wanted:
        wanted |= gram & {"anim", "inan"}
    return wanted


_TEMPLATISH = re.compile(r"[{}]|%\(|\$\{|#[A-Za-z_]")


def _templatish(text: str) -> bool:
    """Does a span hold a piece of a template placeholder (well-formed or broken)? A fix there is
    only shown: rewriting «{{name}» or «#ORDER_ID» could break the template further."""
    return bool(_TEMPLATISH.search(text))


def _starts_sentence(doc: Doc, m: pm.Match, name: str) -> bool:
    span = m.captures.get(name) if name != "match" else (m.start, m.stop)
    if not span or span[1] <= span[0]:
        return False
    first = doc.sentence_of(span[0]).first
    return all(doc.tokens[j].kind == "punct" for j in range(first, span[0]))


_AGREE = frozenset({"1per", "2per", "3per", "sing", "plur", "masc", "femn", "neut"})


def _agreement(doc: Doc, span: tuple[int, int] | None) -> set[str]:
    """Person, number and gender of the first word in a captured span."""
    if span is None:
        return set()
    for t in doc.tokens[span[0] : span[1]]:
        for _, gram in t.parses:
            if gram & _AGREE:
                return set(gram & _AGREE)
    return set()
