"""Slots left by unsafe rewrites («[срок]», «[сумма]», «[когда: например, завтра до 12:00]»): find
them and fill them in, so an agent can close the pre-send loop ``fix`` → ``fill`` → ``check``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import placeholders


class UnknownSlotError(ValueError):
    """A name given to ``fill`` is not a slot word (see ``placeholders.SLOTS``)."""


@dataclass(frozen=True, slots=True)
class Slot:
    start: int
    end: int  # exclusive, a Python string index like every cxlint offset
    name: str  # the slot word: срок, сумма, альтернатива …
    text: str  # as written, brackets included
    hint: str = ""  # what follows «:» inside the slot: «например, завтра до 12:00»


def slots(text: str, *, linter=None) -> list[Slot]:
    """The unfilled slots of ``text`` in order, in the slot format of ``linter`` (default «[срок]»)."""
    syntax = linter.syntax if linter is not None else placeholders.DEFAULT
    out = []
    for p in placeholders.find(text, syntax):
        if p.slot is None:
            continue  # a template placeholder ({{name}}, [Имя]), not ours to fill
        opening, closing = syntax.slot_format.split("{}")
        inner = p.text[len(opening) : len(p.text) - len(closing)]
        hint = inner.split(":", 1)[1].strip() if ":" in inner else ""
        out.append(Slot(p.start, p.end, p.slot, p.text, hint))
    return out


def fill(text: str, values: Mapping[str, str], *, linter=None) -> str:
    """``text`` with every slot named in ``values`` replaced by its value; slots not named stay (and
    ``check`` still reports them). A name that is not a slot word raises UnknownSlotError."""
    unknown = sorted(set(values) - set(placeholders.SLOTS))
    if unknown:
        raise UnknownSlotError(
            f"unknown slot {unknown[0]!r}; slot names are: {', '.join(sorted(placeholders.SLOTS, key=len))}"
        )
    for s in reversed(slots(text, linter=linter)):
        if s.name in values:
            text = text[: s.start] + values[s.name] + text[s.end :]
    return text
