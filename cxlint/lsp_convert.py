"""Findings and fixes as LSP diagnostics and edits, in the position encoding the client chose.

cxlint counts code points; the client counts UTF-16 units unless it negotiated otherwise, so every
position goes through pygls's PositionCodec. A quick fix is the message re-encoded by ``writer`` (the
same code that writes ``cxlint fix`` results back: JSON escapes, YAML quoting) and then trimmed to
the part that changed, so a fix inside a JSON string is written as JSON.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as T
from pygls.workspace.position_codec import PositionCodec

from . import writer
from .finding import Finding, Suggestion
from .inputs import Message
from .linter import Linter
from .rules import SEVERITIES
from .runner import check_file, fix_file

_SEVERITY = {
    "error": T.DiagnosticSeverity.Error,
    "warning": T.DiagnosticSeverity.Warning,
    "suggestion": T.DiagnosticSeverity.Information,
}


class Text:
    """A document's text and its line table, for offsets → client positions."""

    def __init__(self, source: str, codec: PositionCodec):
        self.source, self.codec = source, codec
        self.bom = 1 if source.startswith("\ufeff") else 0  # cxlint reads the text after a BOM
        self.body = source[self.bom :]
        self.lines = source.split("\n")  # LSP and cxlint both end lines at \n (a \r stays in the line)

    def pos(self, line: int, char: int) -> T.Position:
        """0-based line and code-point column → the client's units."""
        if line >= len(self.lines):
            line, char = len(self.lines) - 1, len(self.lines[-1])
        return self.codec.position_to_client_units(self.lines, T.Position(line, char))

    def at(self, offset: int) -> T.Position:
        """An offset into ``source``."""
        line = self.source.count("\n", 0, offset)
        return self.pos(line, offset - self.source.rfind("\n", 0, offset) - 1)

    def edit(self, start: int, end: int, new: str) -> T.TextEdit:
        """Replace source[start:end] by ``new``, trimmed to what actually changes."""
        old = self.source[start:end]
        head = 0
        while head < min(len(old), len(new)) and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        a, b = start + head, end - tail
        return T.TextEdit(T.Range(self.at(a), self.at(b)), new[head : len(new) - tail])

    def finding_range(self, f: Finding) -> T.Range:
        # runner gives 1-based line/column in the text after the BOM
        return T.Range(
            self.pos(f.line - 1, f.column - 1 + (self.bom if f.line == 1 else 0)),
            self.pos(f.end_line - 1, f.end_column - 1 + (self.bom if f.end_line == 1 else 0)),
        )


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def title(msg: Message, s: Suggestion, linter: Linter) -> str:
    """Like the CLI's «fix: «old» → «new»»; an unsafe one says which slots it leaves to fill in."""
    base = f"«{_short(msg.text[s.start : s.end])}» → «{_short(s.replacement)}»"
    if s.safety == "safe":
        return base
    slots = list(dict.fromkeys(m.group() for m in linter.syntax.slot.finditer(s.replacement)))
    return base + (f" — добавит {', '.join(slots)}, заполните" if slots else " — добавит обязательство, проверьте")


def suggestion_edit(text: Text, msg: Message, s: Suggestion) -> T.TextEdit | None:
    """The file edit for one suggestion, or None when the message cannot be written back (a folded
    YAML block, a .po entry, a JSON string cxlint could not locate)."""
    if msg.src is None or msg.src[0] is None:
        return None
    new = msg.text[: s.start] + s.replacement + msg.text[s.end :]
    try:
        start, end, enc = writer.encode(msg, new, text.body)
    except writer.Unwritable:
        return None
    return text.edit(start + text.bom, end + text.bom, enc)


def _range_json(r: T.Range) -> dict:
    return {
        "start": {"line": r.start.line, "character": r.start.character},
        "end": {"line": r.end.line, "character": r.end.character},
    }


def diagnostics(
    linter: Linter, path: Path, text: Text, kind: str, display: str, min_severity: str = "suggestion"
) -> list[T.Diagnostic]:
    """What ``cxlint check`` reports for the document; a parse error is one diagnostic at its line."""
    result = check_file(linter, path, text.body, kind, display)
    if result.error:
        line = min((result.error.line or 1) - 1, len(text.lines) - 1)
        rng = T.Range(text.pos(line, 0), text.pos(line, len(text.lines[line])))
        return [T.Diagnostic(rng, result.error.message, T.DiagnosticSeverity.Error, source="cxlint")]
    lowest = SEVERITIES.index(min_severity)
    out = []
    for msg, findings in result.messages:
        for f in findings:
            if SEVERITIES.index(f.severity) < lowest:
                continue
            message, fixes = f.message, []
            for s in f.suggestions:
                if s.safety == "display":  # never applied: a person must rephrase, so it is only shown
                    old = msg.text[s.start : s.end]
                    message += f"\nsuggestion: «{old}» → «{s.replacement}»" + (
                        f" — {s.description}" if s.description else ""
                    )
                elif (e := suggestion_edit(text, msg, s)) is not None:
                    fixes.append(
                        {
                            "title": title(msg, s, linter),
                            "safety": s.safety,
                            "range": _range_json(e.range),
                            "newText": e.new_text,
                        }
                    )
            out.append(
                T.Diagnostic(
                    text.finding_range(f),
                    message,
                    _SEVERITY[f.severity],
                    code=f.rule,
                    source="cxlint",
                    data={"message": msg.id, "fixes": fixes},
                )
            )
    return out


def fix_all(linter: Linter, path: Path, text: Text, kind: str, display: str) -> T.TextEdit | None:
    """Every safe fix, as ``cxlint fix`` applies them; None when nothing changes."""
    ff = fix_file(linter, path, False, text.source, kind, display)
    if (ff.result is not None and ff.result.error) or not ff.changed:
        return None
    return text.edit(0, len(text.source), ff.fixed)


def fix_edit(fix: dict) -> T.TextEdit:
    r = fix["range"]
    return T.TextEdit(T.Range(T.Position(**r["start"]), T.Position(**r["end"])), fix["newText"])
