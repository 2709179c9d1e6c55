"""Slots for the pre-send guard: found with their offsets, filled by name, and the Python code of
docs/python.md runs and prints what the page says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

import cxlint
from cxlint.config import Config

DOC = Path(__file__).parent.parent / "docs" / "python.md"


def test_slots_are_found_with_offsets_names_and_hints():
    text = "Починим [когда: например, завтра до 12:00], {{name}}. [Имя], итог — [сумма]."
    got = cxlint.slots(text)
    assert [(s.name, text[s.start : s.end], s.hint) for s in got] == [
        ("когда", "[когда: например, завтра до 12:00]", "например, завтра до 12:00"),
        ("сумма", "[сумма]", ""),
    ]  # {{name}} and [Имя] are the template engine's, not slots


def test_fill_replaces_named_slots_and_keeps_the_rest():
    text = "Вернём [сумма] до [срок], [Имя]. Срок ответа — [срок]."
    assert cxlint.fill(text, {"срок": "пятницы"}) == "Вернём [сумма] до пятницы, [Имя]. Срок ответа — пятницы."
    left = cxlint.fill(text, {"срок": "пятницы"})
    assert [f.rule for f in cxlint.check(left)].count("template.unfilled-slot") == 1  # [сумма] still fails


def test_unknown_slot_name_is_a_clear_error():
    with pytest.raises(cxlint.UnknownSlotError, match="unknown slot 'срк'; slot names are: срок"):
        cxlint.fill("Ответим до [срок].", {"срк": "пятницы"})


def test_a_configured_slot_format_is_used():
    lint = cxlint.Linter(Config(slot_format="<<{}>>"))
    fixed = cxlint.fix("Ответим в ближайшее время.", unsafe=True, linter=lint)
    assert [s.text for s in cxlint.slots(fixed.text, linter=lint)] == ["<<срок>>"]
    reply = cxlint.fill(fixed.text, {"срок": "18:00 сегодня"}, linter=lint)
    assert reply == "Ответим до 18:00 сегодня." and not cxlint.check(reply, linter=lint)


def _blocks():
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def _expected(block: str) -> list[str]:
    """The ``# …`` lines right after a print() are what it prints."""
    out, after_print = [], False
    for ln in block.split("\n"):
        if ln.lstrip().startswith("print("):
            after_print = True
        elif after_print and ln.startswith("# "):
            out.append(ln[2:])
        else:
            after_print = False
    return out


@pytest.mark.parametrize("n", range(2))
def test_the_docs_code_runs_and_prints_what_it_says(n):
    blocks = _blocks()
    assert len(blocks) == 2
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(blocks[n], f"docs/python.md block {n + 1}", "exec"), {})
    printed = [ln.rstrip() for ln in buf.getvalue().splitlines()]
    assert printed == _expected(blocks[n]) and printed
