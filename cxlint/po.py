"""gettext ``.po`` files: every non-empty ``msgstr`` (each plural form too) is a message.

A message's id is its ``msgid`` as written in the file (escapes kept, so it stays on one line),
``msgctxt|msgid`` when the entry has a context, with ``[n]`` for plural forms: ids survive lines
moving, which baselines rely on. The header (``msgid ""``), obsolete ``#~`` entries and empty
translations are skipped; ``msgid`` is the source language and never linted. Every character of a
translation knows its line and column in the file, so findings in continuation lines and after
escapes point at the right place, and ``encode`` writes a fixed translation back in its own layout.
"""

from __future__ import annotations

import difflib
import itertools
import re
from pathlib import Path

from .inputs import DIRECTIVE, Message, Span, _ids
from .yamlio import InputError

_KEYWORD = re.compile(r'^[ \t]*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]*"((?:[^"\\]|\\.)*)"[ \t\r]*$')
_CONT = re.compile(r'^[ \t]*"((?:[^"\\]|\\.)*)"[ \t\r]*$')  # \r: files saved with CRLF
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_UNESCAPE = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
_ESCAPE = {v: "\\" + k for k, v in _UNESCAPE.items()}
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|&#?\w+;")  # web shops put HTML in translations; it is not prose

Piece = tuple[int, int, str]  # 0-based line, 0-based column of the content, the raw (escaped) content


def read(path: Path, text: str) -> list[Message]:
    out: list[Message] = []
    offsets = [0]
    for ln in text.split("\n"):
        offsets.append(offsets[-1] + len(ln) + 1)
    fields: dict[str, list[Piece]] = {}
    order: list[str] = []
    ignore: set[str] = set()
    current: str | None = None

    def flush():
        nonlocal fields, order, ignore, current
        if "msgid" in fields:
            out.extend(_messages(path, fields, order, ignore, offsets))
        fields, order, ignore, current = {}, [], set(), None

    for n, ln in enumerate(text.split("\n")):
        s = ln.strip()
        if not s or s.startswith("#~"):  # a blank line ends an entry; obsolete entries are not used
            if not s:
                flush()
            continue
        if s.startswith("#"):
            if any(k.startswith("msgstr") for k in fields):
                flush()
            if m := DIRECTIVE.search(s):
                ignore |= _ids(m.group(2))
            continue
        if m := _KEYWORD.match(ln):
            kw = m.group(1)
            if kw == "msgctxt" or (kw == "msgid" and "msgid" in fields) or kw in fields:
                kept = ignore if not fields else set()  # comments just read belong to the new entry
                flush()
                ignore = kept
            fields[kw] = [(n, m.start(2), m.group(2))]
            order.append(kw)
            current = kw
        elif (m := _CONT.match(ln)) and current:
            fields[current].append((n, m.start(1), m.group(1)))
        else:
            raise InputError(path, n + 1, "not a .po line: expected msgid, msgstr, a quoted string or a # comment")
    flush()
    return out


def _messages(path, fields, order, ignore, offsets) -> list[Message]:
    msgid = "".join(p[2] for p in fields["msgid"])
    if not msgid and "msgctxt" not in fields:
        return []  # the header: metadata, not a reply
    base = msgid if "msgctxt" not in fields else "".join(p[2] for p in fields["msgctxt"]) + "|" + msgid
    out = []
    for kw in order:
        if not kw.startswith("msgstr"):
            continue
        pieces = fields[kw]
        body, where = _unescape(path, pieces)
        if not body.strip():
            continue  # untranslated
        first, last = pieces[0], pieces[-1]
        src = (offsets[first[0]] + first[1] - 1, offsets[last[0]] + last[1] + len(last[2]) + 1)
        line, col = where[0][0], where[0][1]
        msg = Message(base + kw[6:], body, line, col, col - 1, ignore=set(ignore), src=src, style="po")
        msg.where = where
        msg.skip = [Span(*m.span()) for m in _MARKUP.finditer(body)]
        out.append(msg)
    return out


def _unescape(path: Path, pieces: list[Piece]) -> tuple[str, list[tuple[int, int, int]]]:
    """The text and, for each of its characters, (line, column, width in the file), 1-based."""
    chars: list[str] = []
    where: list[tuple[int, int, int]] = []
    for line, col, raw in pieces:
        i = 0
        while i < len(raw):
            if raw[i] == "\\":
                c = _UNESCAPE.get(raw[i + 1 : i + 2])
                if c is None:
                    raise InputError(path, line + 1, f"unknown escape \\{raw[i + 1 : i + 2]} in a .po string")
                chars.append(c)
                where.append((line + 1, col + i + 1, 2))
                i += 2
            else:
                chars.append(raw[i])
                where.append((line + 1, col + i + 1, 1))
                i += 1
    return "".join(chars), where


def escape(s: str) -> str:
    return "".join(_ESCAPE.get(c, c) for c in s)


def encode(msg: Message, new: str, file_text: str) -> tuple[int, int, str]:
    """The replacement of the quoted strings of one msgstr: each file line keeps its part of the
    text where it is unchanged, so a multi-line translation stays multi-line and the diff small."""
    start, end = msg.src
    encoded = file_text[start:end]
    strings = list(_STRING.finditer(encoded))
    gaps = [encoded[a.end() : b.start()] for a, b in itertools.pairwise(strings)]
    old_chunks = [_unescape_plain(m.group(1)) for m in strings]
    bounds, pos = [], 0
    for c in old_chunks[:-1]:
        pos += len(c)
        bounds.append(pos)
    new_bounds = _map(msg.text, new, bounds)
    cuts = [0, *new_bounds, len(new)]
    parts = ['"' + escape(new[a:b]) + '"' for a, b in itertools.pairwise(cuts)]
    return start, end, parts[0] + "".join(g + p for g, p in zip(gaps, parts[1:], strict=False))


def _unescape_plain(raw: str) -> str:
    return re.sub(r"\\(.)", lambda m: _UNESCAPE.get(m.group(1), m.group(1)), raw)


def _map(old: str, new: str, bounds: list[int]) -> list[int]:
    """Where each chunk boundary of ``old`` falls in ``new``: inside unchanged text it moves with
    it; inside a replaced span it goes to the span's end, so the replacement stays on one line."""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    out, last = [], 0
    for b in bounds:
        for tag, i1, i2, j1, j2 in ops:
            if i1 <= b < i2 or (b == i2 == len(old)):
                pos = j1 + (b - i1) if tag == "equal" else (j1 if b == i1 else j2)
                break
        else:
            pos = len(new)
        last = max(last, min(pos, len(new)))
        out.append(last)
    return out
