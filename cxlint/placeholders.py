"""Template placeholders and rewrite slots: found before analysis, never flagged, never rewritten.

A placeholder is the template engine's (``{{name}}``, ``%s``, ``#ORDER_ID#``, ``[Имя]``); a slot is
ours (``[срок]``, ``[сумма]``): a fact a rewrite asks the agent to fill in. Both share square
brackets, so slots come from a reserved vocabulary and everything else in brackets is a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .kinds.regex import holds_any

# Built-in syntaxes, most specific first so that ``{{name}}`` is not read as ``{name}``.
BUILTIN = {
    "jinja": r"\{\{(?!\s*\}\})[^{}\n]{1,80}\}\}|\{%[^{}\n]{1,80}%\}",  # «{{ }}» is broken, not a placeholder
    "printf": r"%\([A-Za-z_][\w.]{0,40}\)[-+ #0]*\d*(?:\.\d+)?[sdifr]|%[-+#0]*\d*(?:\.\d+)?[sdif](?![A-Za-zА-Яа-яЁё])",
    "dollar": r"\$\{[^{}\n]{1,60}\}",
    "braces": r"\{[A-Za-z_А-Яа-яЁё][\w.\-]{0,60}\}",
    "hashes": r"#[A-Za-z_А-ЯЁ][A-Za-z0-9_А-ЯЁ]{1,60}#",
    "brackets": r"\[[^\[\]\n]{1,60}\]",
}

# Slot words reserved for rewrites; «[срок]» and «[когда: например, в понедельник]» are slots.
SLOTS = {
    "срок": "time",
    "дата": "time",
    "время": "time",
    "когда": "time",
    "день": "time",
    "сумма": "money",
    "цена": "money",
    "стоимость": "money",
    "альтернатива": "alternative",
    "что сделаем": "alternative",
    "ответственный": "owner",
    "причина": "reason",
    "что входит": "includes",
}
_SLOT_WORDS = "|".join(sorted(map(re.escape, SLOTS), key=len, reverse=True))
DEFAULT_SLOT_FORMAT = "[{}]"
_DEFAULT_SLOT = re.compile(r"\[(" + _SLOT_WORDS + r")(?::[^\[\]\n]*)?\]")

# Placeholder names that stand for a date or an amount count as that fact:
# «Доставим {{delivery_date}}» promises a time the template engine will fill in.
_TIME_NAME = re.compile(r"date|time|deadline|eta|srok|day|дата|срок|врем|день|час", re.I)
_MONEY_NAME = re.compile(r"price|amount|sum|cost|total|fee|цен|сумм|стоим", re.I)


@dataclass(frozen=True, slots=True)
class Placeholder:
    start: int
    end: int
    text: str
    slot: str | None = None  # the slot word for our own slots, None for template placeholders

    @property
    def fact(self) -> str | None:
        """The kind of fact this stands for (time, money, alternative …), if any."""
        if self.slot is not None:
            return SLOTS[self.slot]
        if _TIME_NAME.search(self.text):
            return "time"
        if _MONEY_NAME.search(self.text):
            return "money"
        return None


@dataclass(frozen=True)
class Syntax:
    """How placeholders and slots look in one repository."""

    pattern: re.Pattern[str]  # slots first, then every placeholder syntax
    slot: re.Pattern[str]  # a slot in the configured format; group 1 is the slot word
    slot_format: str = DEFAULT_SLOT_FORMAT  # «[{}]», or e.g. «<<{}>>» where [Имя] is taken
    triggers: str | None = "{%#[$"  # a text without any of these has no placeholder

    def render(self, text: str) -> str:
        """Slots in a rule's rewrite (written «[срок]») in the configured format."""
        if self.slot_format == DEFAULT_SLOT_FORMAT:
            return text
        return _DEFAULT_SLOT.sub(lambda m: self.slot_format.replace("{}", m.group()[1:-1]), text)


def compile_syntaxes(
    extra: Iterable[str] = (), builtin: Iterable[str] | None = None, slot_format: str = DEFAULT_SLOT_FORMAT
) -> Syntax:
    """One alternation over the slot format, the chosen built-in syntaxes and user regexes."""
    if slot_format.count("{}") != 1 or slot_format.startswith("{}") or slot_format.endswith("{}"):
        raise ValueError("a slot format has text on both sides of one {}, like [{}] or <<{}>>")
    opening, closing = (re.escape(x) for x in slot_format.split("{}"))
    slot = re.compile(opening + "(" + _SLOT_WORDS + r")(?::[^\n]*?)?" + closing)
    names = BUILTIN if builtin is None else builtin
    parts = [slot.pattern] + [BUILTIN[n] for n in names] + list(extra)
    default = not extra and builtin is None and slot_format == DEFAULT_SLOT_FORMAT
    return Syntax(re.compile("|".join(f"(?:{p})" for p in parts)), slot, slot_format, "{%#[$" if default else None)


DEFAULT = compile_syntaxes()


def find(text: str, syntax: Syntax = DEFAULT) -> list[Placeholder]:
    """Placeholders and slots in ``text``, sorted and non-overlapping."""
    if syntax.triggers is not None and not holds_any(text, syntax.triggers):
        return []
    found: list[Placeholder] = []
    for m in syntax.pattern.finditer(text):
        s = syntax.slot.fullmatch(m.group())
        found.append(Placeholder(m.start(), m.end(), m.group(), s.group(1) if s else None))
    return found
