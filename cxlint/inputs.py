"""Read input files into messages, each knowing where it stands in its file.

``.txt`` / ``.md``: the file is one message (Markdown markup is left out of analysis);
``.yaml`` / ``.yml`` / ``.json``: every string value, id = its key path; ``.jsonl``: a message a
line; ``.po``: every ``msgstr``. Suppression comments are read here (README, «Suppressing a finding»).
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .yamlio import InputError

if TYPE_CHECKING:
    import yaml

SUFFIXES = {".txt", ".md", ".markdown", ".yaml", ".yml", ".json", ".jsonl", ".po"}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass
class Message:
    id: str
    text: str
    line: int = 1  # where the text starts in its file (1-based)
    column: int = 1
    indent: int = 0  # the column (0-based) where the text's later lines start
    skip: list[Span] = field(default_factory=list)  # markup left out of analysis
    ignore: set[str] = field(default_factory=set)  # suppressed rule ids / categories; "*" = all
    line_ignores: dict[int, set[str]] = field(default_factory=dict)  # message line (0-based) → ids
    src: tuple[int, int] | None = None  # where the encoded value stands in the file text (for fix)
    style: str = "raw"  # how it is encoded there: raw | plain | single | double | literal | folded | json | po
    # (line, column, width) in the file of each character, where escapes and string continuation
    # lines make the text's own newlines a poor guide (.po); None: the text stands as it is
    where: list[tuple[int, int, int]] | None = None
    # what computes ``where`` when a position is first asked for: most messages have no finding
    where_of: Callable[[], list[tuple[int, int, int]] | None] | None = None

    def _where(self) -> list[tuple[int, int, int]] | None:
        """``where``, worked out first if that was left for later."""
        if self.where_of is not None:
            self.where, self.where_of = self.where_of(), None
        return self.where

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), 1-based, of a character offset into the text."""
        where = self._where()
        if where:
            if offset < len(where):
                return where[offset][:2]
            return self.end_position(offset)
        k = self.text.count("\n", 0, offset)
        if k == 0:
            return self.line, self.column + offset
        return self.line + k, self.indent + offset - self.text.rfind("\n", 0, offset)

    def end_position(self, offset: int) -> tuple[int, int]:
        """(line, column) just after the character before ``offset``: where a span ending there ends."""
        where = self._where()
        if where and 0 < offset <= len(where):
            line, col, width = where[offset - 1]
            return line, col + width
        return self.position(offset) if not where else (self.line, self.column)


# «cxlint: ignore negative.cannot, timeline -- reason»; a bare «ignore» silences every rule.
DIRECTIVE = re.compile(r"cxlint:\s*(ignore-file|ignore|off|on)\b([^\n]*?)(?:\s--\s[^\n]*?)?\s*(?:-->|$)", re.M)


def _ids(arg: str) -> set[str]:
    ids = {x for x in re.split(r"[\s,]+", arg.strip()) if x}
    return ids or {"*"}


def read(path: Path, text: str | None = None, kind: str | None = None) -> list[Message]:
    """Messages of one file; ``text`` given for stdin. Raises InputError (file, line, what)."""
    kind = kind or path.suffix.lower()
    if text is None:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(path, None, f"not UTF-8 (byte {e.start}); save the file as UTF-8") from None
        except OSError as e:
            raise InputError(path, None, e.strerror or str(e)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = {
        ".yaml": _yaml,
        ".yml": _yaml,
        ".json": _json,
        ".jsonl": _jsonl,
        ".po": _po,
        ".md": _markdown,
        ".markdown": _markdown,
    }.get(kind, _plain)
    return reader(path, text)


_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _plain(path: Path, text: str) -> list[Message]:
    msg = Message("1", text, src=(0, len(text)))
    _comments(msg, [Span(*m.span()) for m in _MD_COMMENT.finditer(text)])
    return [msg] if text.strip() else [Message("1", "")]


_MD_MARKUP = re.compile(
    r"^(?P<fence>```|~~~)[^\n]*\n.*?^(?P=fence)[^\n]*$"  # fenced code
    r"|`[^`\n]+`"  # inline code
    r"|<!--.*?-->"  # comments
    r"|</?[A-Za-z][^>\n]*>"  # html tags
    r"|\]\([^)\n]*\)"  # link targets
    r"|^\s{0,3}(?:#{1,6}|[-*+>]|\d+[.)])(?=\s)"  # heading, list and quote markers
    r"|^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*$"  # table rules
    r"|^---\n.*?\n---$",  # front matter
    re.S | re.M,
)


def _markdown(path: Path, text: str) -> list[Message]:
    msg = Message("1", text, src=(0, len(text)))
    spans = [Span(*m.span()) for m in _MD_MARKUP.finditer(text)]
    msg.skip = spans
    _comments(msg, [s for s in spans if text.startswith("<!--", s.start)])
    return [msg]


def _comments(msg: Message, comments: list[Span]) -> None:
    """HTML-comment directives: ``ignore`` covers its own line, or the next one when alone on a
    line; ``ignore-file`` the whole message; ``off`` … ``on`` the lines between."""
    text = msg.text
    msg.skip = msg.skip or comments
    off_from: tuple[int, set[str]] | None = None
    nlines = text.count("\n") + 1
    for c in comments:
        m = DIRECTIVE.search(text, c.start, c.end)
        if not m:
            continue
        verb, ids = m.group(1), _ids(m.group(2))
        line = text.count("\n", 0, c.start)
        alone = not text[text.rfind("\n", 0, c.start) + 1 : c.start].strip()
        if verb == "ignore-file":
            msg.ignore |= ids
        elif verb == "ignore":
            msg.line_ignores.setdefault(line + 1 if alone else line, set()).update(ids)
        elif verb == "off":
            off_from = (line, ids)
        elif verb == "on" and off_from:
            for k in range(off_from[0], line + 1):
                msg.line_ignores.setdefault(k, set()).update(off_from[1])
            off_from = None
    if off_from:
        for k in range(off_from[0], nlines):
            msg.line_ignores.setdefault(k, set()).update(off_from[1])


def _yaml(path: Path, text: str) -> list[Message]:
    import yaml  # here, not at the top: a run over text and JSON never pays for PyYAML

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise InputError(path, mark.line + 1 if mark else None, f"invalid YAML: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise InputError(path, None, f"invalid YAML: {e}") from None
    lines = text.split("\n")
    ignores: dict[int, set[str]] = {}  # 0-based line → ids from a comment on it
    file_ignore: set[str] = set()
    for n, ln in enumerate(lines):
        if "#" in ln and (m := DIRECTIVE.search(ln, ln.index("#"))):
            if m.group(1) == "ignore-file":
                file_ignore |= _ids(m.group(2))
            elif m.group(1) == "ignore":
                ignores.setdefault(n, set()).update(_ids(m.group(2)))
    out: list[Message] = []

    def walk(node, key_path: list[str], key_line: int):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(v, [*key_path, str(k.value)], k.start_mark.line)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, [*key_path, str(i)], v.start_mark.line)
        elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            msg = _yaml_message(node, ".".join(key_path) or "1", lines)
            own = ignores.get(key_line, set())
            above = (
                ignores.get(key_line - 1, set())
                if not lines[key_line - 1 : key_line] or lines[key_line - 1].lstrip().startswith("#")
                else set()
            )
            msg.ignore = own | above | file_ignore
            out.append(msg)

    if root is not None:
        walk(root, [], 0)
    return out


_YAML_STYLES = {None: "plain", "'": "single", '"': "double", "|": "literal", ">": "folded"}


def _yaml_message(node: yaml.ScalarNode, mid: str, lines: list[str]) -> Message:
    msg = _yaml_position(node, mid, lines)
    msg.src, msg.style = (node.start_mark.index, node.end_mark.index), _YAML_STYLES.get(node.style, "folded")
    return msg


def _yaml_position(node: yaml.ScalarNode, mid: str, lines: list[str]) -> Message:
    m = node.start_mark
    if node.style in ("|", ">"):
        # content starts on the next line; its indentation is that of the first non-empty line
        first = m.line + 1
        while first < len(lines) and not lines[first].strip():
            first += 1
        body = lines[first] if first < len(lines) else ""
        indent = len(body) - len(body.lstrip(" "))
        return Message(mid, node.value, first + 1, indent + 1, indent)
    quote = 1 if node.style in ("'", '"') else 0
    return Message(mid, node.value, m.line + 1, m.column + 1 + quote, m.column + quote)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_KEY = re.compile(r"\s*:")


def _json(path: Path, text: str) -> list[Message]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(path, e.lineno, f"invalid JSON: {e.msg} (column {e.colno})") from None
    out: list[Message] = []
    # String tokens in document order: each value's position is the next string token after its key.
    tokens = [(m.start(), m.group()) for m in _JSON_STRING.finditer(text) if not _JSON_KEY.match(text, m.end())]
    cursor = 0

    def locate(value: str):
        nonlocal cursor
        enc = json.dumps(value, ensure_ascii=False)
        for n in range(cursor, len(tokens)):
            pos, tok = tokens[n]
            if tok == enc or json.loads(tok) == value:
                cursor = n + 1
                line = text.count("\n", 0, pos) + 1
                return line, pos - text.rfind("\n", 0, pos) + 1, pos, pos + len(tok)
        return 1, 1, None, None

    def walk(node, key_path: list[str]):
        nonlocal cursor
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, [*key_path, str(k)])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, [*key_path, str(i)])
        elif isinstance(node, str):
            line, col, pos, end = locate(node)
            msg = Message(".".join(key_path) or "1", node, line, col, col - 1, src=(pos, end), style="json")
            out.append(_json_where(msg, text))

    walk(data, [])
    return out


_JSON_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[0-9a-fA-F]{4}|\\u[0-9a-fA-F]{4}|\\.")


def _json_where(msg: Message, text: str, base: int = 0) -> Message:
    """Escapes (``\\n``, ``\\"``, ``\\u00a0``) take more columns than the character they stand for,
    and ``\\n`` is no new line in the file: map each character to its own column, when a position is
    first asked for. ``text`` holds the string's encoding from file offset ``base`` on (the whole
    file, or one .jsonl line)."""
    if msg.src is None or msg.src[0] is None or "\\" not in text[msg.src[0] - base : msg.src[1] - base]:
        return msg
    raw = text[msg.src[0] - base + 1 : msg.src[1] - base - 1]
    msg.where_of = functools.partial(_escaped_where, raw, msg.line, msg.column, len(msg.text))
    return msg


def _escaped_where(raw: str, line: int, column: int, n: int) -> _Escaped | None:
    where = _Escaped(raw, line, column)
    return where if len(where) == n else None  # one entry per character, else the plain mapping


class _Escaped:
    """(line, column, width) of each character of a JSON string, as ``Message.where`` reads it,
    worked out from the escapes alone: a character after them stands as many columns further on as
    they are wider than one."""

    __slots__ = ("column", "line", "n", "shift", "starts", "widths")

    def __init__(self, raw: str, line: int, column: int):
        self.line, self.column = line, column
        self.starts: list[int] = []  # the text index of each escaped character
        self.shift: list[int] = []  # how many columns the characters after it are pushed on
        self.widths: list[int] = []
        shift = 0
        for m in _JSON_ESCAPE.finditer(raw):
            width = m.end() - m.start()
            self.starts.append(m.start() - shift)
            shift += width - 1
            self.shift.append(shift)
            self.widths.append(width)
        self.n = len(raw) - shift

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, k: int) -> tuple[int, int, int]:
        if not 0 <= k < self.n:
            raise IndexError(k)
        j = bisect.bisect_right(self.starts, k) - 1
        if j >= 0 and self.starts[j] == k:
            return self.line, self.column + k + self.shift[j] - self.widths[j] + 1, self.widths[j]
        return self.line, self.column + k + (self.shift[j] if j >= 0 else 0), 1


def _jsonl(path: Path, text: str) -> list[Message]:
    out: list[Message] = []
    offset = 0
    for n, ln in enumerate(text.split("\n"), 1):
        line_start, offset = offset, offset + len(ln) + 1
        if msg := jsonl_line(path, n, ln, line_start):
            out.append(msg)
    return out


def iter_jsonl(path: Path, display: str | None = None, on_bytes=None) -> Iterator[Message | InputError]:
    """A .jsonl file line by line, never held whole: each message, or an InputError for a bad line
    (the caller reports it and goes on). ``on_bytes(n)`` is told how many bytes each line took."""
    shown = display or str(path)
    try:
        f = path.open("rb")
    except OSError as e:
        yield InputError(shown, None, e.strerror or str(e))
        return
    offset = 0  # characters before the line, as in the text read() would see (BOM dropped)
    at = 0  # bytes before the line
    with f:
        for n, raw in enumerate(f, 1):
            here, at = at, at + len(raw)
            if on_bytes:
                on_bytes(len(raw))
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                ln = raw.decode("utf-8").removesuffix("\n")
            except UnicodeDecodeError as e:
                yield InputError(shown, n, f"not UTF-8 (byte {here + e.start}); save the file as UTF-8")
                continue
            line_start, offset = offset, offset + len(ln) + 1
            try:
                if msg := jsonl_line(path, n, ln, line_start):
                    yield msg
            except InputError as e:
                e.path = shown
                yield e


def jsonl_line(path: Path, n: int, ln: str, line_start: int) -> Message | None:
    """The message of line ``n`` of a .jsonl file (None for a blank line); raises InputError."""
    if not ln.strip():
        return None
    try:
        obj = json.loads(ln)
    except json.JSONDecodeError as e:
        raise InputError(path, n, f"invalid JSON line: {e.msg} (column {e.colno})") from None
    if isinstance(obj, str):
        body, mid, ign = obj, str(n), set()
    elif isinstance(obj, dict) and isinstance(obj.get("text"), str):
        body = obj["text"]
        mid = str(obj["id"]) if obj.get("id") is not None else str(n)
        ign = _ids(obj["cxlint-ignore"]) if isinstance(obj.get("cxlint-ignore"), str) else set()
    else:
        raise InputError(path, n, 'a JSONL line must be a string or an object with a "text" string')
    pos = _string_at(ln, body, key=None if isinstance(obj, str) else "text")
    col = pos + 2 if pos is not None else 1
    src = (line_start + pos, line_start + pos + _JSON_STRING.match(ln, pos).end() - pos) if pos is not None else None
    return _json_where(Message(mid, body, n, col, col - 1, ignore=ign, src=src, style="json"), ln, line_start)


def _string_at(line: str, value: str, key: str | None) -> int | None:
    """Where the JSON string token holding ``value`` starts in ``line`` (after ``"key":``)."""
    for m in _JSON_STRING.finditer(line):
        is_key = _JSON_KEY.match(line, m.end())
        if key is None and not is_key and json.loads(m.group()) == value:
            return m.start()
        if key is not None and is_key and json.loads(m.group()) == key:
            v = _JSON_STRING.search(line, _JSON_KEY.match(line, m.end()).end())
            if v and json.loads(v.group()) == value:
                return v.start()
    return None


def _po(path: Path, text: str) -> list[Message]:
    from . import po

    return po.read(path, text)
