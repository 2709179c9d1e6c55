"""Write fixed messages back into their files, changing nothing but the changed strings.

Each message knows where its encoded value stands in the file (``src``) and how it is encoded
(``style``); a changed value is re-encoded in the same style where it can be, and a quoted style
where a plain YAML scalar could not hold the new text. Comments, key order, quoting of unchanged
values and indentation stay byte-for-byte.
"""

from __future__ import annotations

import json

from .inputs import Message


class Unwritable(Exception):
    """The value cannot be rewritten in place (a folded YAML block)."""


def encode(msg: Message, new: str, file_text: str) -> tuple[int, int, str]:
    """The (start, end, text) replacement in the file that puts ``new`` in place of the message."""
    if msg.src is None:
        raise Unwritable(f"cannot locate message {msg.id} in the file")
    start, end = msg.src
    style = msg.style
    if style == "raw":
        return start, end, new
    if style == "json":
        return start, end, json.dumps(new, ensure_ascii=False)
    if style == "double" or (style in ("plain", "single") and "\n" in new):
        return start, end, json.dumps(new, ensure_ascii=False)  # a JSON string is a valid YAML "…"
    if style == "single":
        return start, end, "'" + new.replace("'", "''") + "'"
    if style == "plain":
        return start, end, new if _plain_ok(new) else json.dumps(new, ensure_ascii=False)
    if style == "literal":
        return _literal(msg, new, file_text)
    if style == "po":
        from . import po

        return po.encode(msg, new, file_text)
    raise Unwritable(f"message {msg.id} is a folded YAML block; rewrite it by hand")


def _plain_ok(s: str) -> bool:
    if not s or s != s.strip() or "\n" in s:
        return False
    import yaml

    try:
        return yaml.safe_load(f"k: {s}") == {"k": s}
    except yaml.YAMLError:
        return False


def _literal(msg: Message, new: str, file_text: str) -> tuple[int, int, str]:
    """Replace the content lines of a ``|`` block, keeping its indentation and chomping."""
    old = msg.text
    lines_start = _line_offset(file_text, msg.line - 1)
    n_old = old.rstrip("\n").count("\n") + 1
    end = _line_offset(file_text, msg.line - 1 + n_old) - 1  # the newline closing the last line
    if end < lines_start:
        end = len(file_text)
    pad = " " * msg.indent
    body = new.rstrip("\n")
    out = "\n".join(pad + ln if ln else "" for ln in body.split("\n"))
    return lines_start, end, out


def _line_offset(text: str, n: int) -> int:
    """The offset of the start of 0-based line ``n`` (len(text)+1 past the end)."""
    pos = 0
    for _ in range(n):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text) + 1
        pos = nl + 1
    return pos


def apply(file_text: str, replacements: list[tuple[int, int, str]]) -> str:
    for start, end, text in sorted(replacements, reverse=True):
        file_text = file_text[:start] + text + file_text[end:]
    return file_text
