"""Streaming readers of exported conversations — JSONL, CSV and Parquet — for ``cxlint audit``.

A file is read as a stream of rows, each with its 1-based number (JSONL: the line; CSV: the data
row, the header being row 0; Parquet: the row index + 1). An agent row becomes a ``Reply``; a row
that cannot be used becomes a ``RowError`` (reported, counted, skipped); any other row is ``OTHER``
(counted only). A file that cannot be read at all — a missing column, not UTF-8 — raises InputError.

A file can be cut into ``Part``s that read on their own and keep the row numbers of the whole file:
a Parquet row group, a byte range of a JSONL file cut at line ends, a whole CSV file (quoted fields
may span lines, so a CSV file is not cut).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from .yamlio import InputError

KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv", ".parquet": "parquet", ".pq": "parquet"}
FIELDS = ("text", "role", "agent", "conversation", "time")
SCAN = 1000  # JSONL objects looked at for the keys an export has
OTHER = object()  # a row that is not an agent's reply: counted, not linted
_EPOCH = re.compile(r"-?\d{9,}(\.\d*)?|-?\d+\.\d*")  # 8 digits are an ISO basic date (20260105), not seconds
# Russian helpdesks and spreadsheets write day first: «13.01.2026 12:00», «13.01.26», «13/01/2026 12:00:05»
_DAY_FIRST = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


@dataclass(frozen=True)
class Fields:
    """Column names; None: the export has no such column. ``explicit`` names the ones set by an
    option or the config, whose absence is an error; the others default and may be missing."""

    text: str = "text"
    role: str | None = "role"
    agent_role: str = "agent"
    agent: str | None = "agent"
    conversation: str | None = "conversation"
    time: str | None = "time"
    explicit: frozenset[str] = frozenset()


@dataclass(slots=True)
class Reply:
    path: str
    row: int
    text: str
    conversation: str = ""
    agent: str = ""
    time: str = ""  # as written (a number or a timestamp column: ISO 8601)
    week: str = ""  # the Monday of its ISO week, "" without a time


@dataclass(slots=True)
class RowError:
    path: str
    row: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.row}: {self.message}"


@dataclass(frozen=True)
class Part:
    path: str  # as shown in messages and the summary
    file: str  # where to open it
    kind: str
    fields: Fields  # resolved for this file
    start: int = 0  # JSONL: byte offset; Parquet: first row group
    end: int | None = None  # JSONL: byte offset (exclusive); Parquet: row group after the last
    first_row: int = 1


def kind_of(path: Path) -> str | None:
    return KINDS.get(path.suffix.lower())


def week_of(value) -> tuple[str, str]:
    """(the time as shown, the Monday of its ISO week) of an ISO 8601 string, epoch seconds or a
    datetime; ("", "") for none. The week is of the date as written: zones are not converted."""
    if value is None or value == "":
        return "", ""
    if isinstance(value, str):
        s = value.strip()
        if _EPOCH.fullmatch(s):
            d, shown = _epoch(float(s)), s
        else:
            try:
                d, shown = datetime.fromisoformat(s), s
            except ValueError:
                d, shown = _day_first(s), s
    elif isinstance(value, bool):
        raise ValueError(f"time {value!r} is not a time")
    elif isinstance(value, int | float):
        d, shown = _epoch(value), str(value)
    elif isinstance(value, datetime | date):
        d, shown = value, value.isoformat()
    else:
        raise ValueError(f"time {value!r} is not a time")
    day = d.date() if isinstance(d, datetime) else d
    return shown, (day - timedelta(days=day.weekday())).isoformat()


def _day_first(s: str) -> datetime:
    m = _DAY_FIRST.fullmatch(s)
    try:
        if m is None:
            raise ValueError
        day, month, year, hour, minute, second = (int(x) if x else 0 for x in m.groups())
        return datetime(year + 2000 if len(m.group(3)) == 2 else year, month, day, hour, minute, second)
    except ValueError:
        raise ValueError(f"time {s!r} is neither ISO 8601, DD.MM.YYYY [HH:MM[:SS]] nor epoch seconds") from None


def _epoch(x: float) -> datetime:
    """Epoch seconds in UTC (what seconds mean); from 10^11 on — the year 5138 in seconds — the
    number is taken as milliseconds, as JavaScript and many helpdesk APIs write it."""
    try:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=x / 1000 if abs(x) >= 1e11 else x)
    except (OverflowError, ValueError):
        raise ValueError(f"time {x!r} is out of range for epoch seconds or milliseconds") from None


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"text is {type(value).__name__}, not a string")
    return value


def _label(value) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def make(path: str, row: int, fields: Fields, get) -> Reply | RowError | object:
    """The row's Reply (or OTHER, or a RowError); ``get(column)`` gives a value or None."""
    if fields.role is not None and _label(get(fields.role)) != fields.agent_role:
        return OTHER
    try:
        text = _text(get(fields.text))
        shown, week = week_of(get(fields.time)) if fields.time else ("", "")
    except ValueError as e:
        return RowError(path, row, str(e))
    conv = _label(get(fields.conversation)) if fields.conversation else ""
    return Reply(path, row, text, conv, _label(get(fields.agent)) if fields.agent else "", shown, week)


def resolve(path: Path, shown: str, fields: Fields) -> Fields:
    """``fields`` for this file: columns it lacks that were not asked for become None; a missing
    column that was asked for (or the text) raises InputError naming the columns there are."""
    kind = kind_of(path)
    if kind is None:
        raise InputError(shown, None, f"not an export: use {', '.join(sorted(KINDS))}")
    names = [n for n in (getattr(fields, k) for k in FIELDS) if n is not None]
    from .export_formats import columns

    have = columns(path, shown, kind, names)
    if have is None:  # an empty JSONL file
        return fields
    drop = {}
    for key in FIELDS:
        name = getattr(fields, key)
        if name is None or name in have:
            continue
        if key == "text" or key in fields.explicit:
            where = f"no row of the first {SCAN:,} has" if kind == "jsonl" else "no column"
            raise InputError(
                shown, None, f"{where} {name!r} (--{key}-field); the columns are: {', '.join(map(str, have)) or 'none'}"
            )
        drop[key] = None
    return replace(fields, **drop)


def read(part: Part, on_bytes=None) -> Iterator:
    """Reply, RowError or OTHER for each row of the part, in order."""
    from .export_formats import csv_rows, parquet_rows

    return {"jsonl": _jsonl, "csv": csv_rows, "parquet": parquet_rows}[part.kind](part, on_bytes)


def _get(obj: dict, key: str):
    if key in obj or "." not in key:
        return obj.get(key)
    for k in key.split("."):  # a nested export: author.role
        obj = obj.get(k) if isinstance(obj, dict) else None
    return obj


def _jsonl(part: Part, on_bytes) -> Iterator:
    with open(part.file, "rb") as f:
        f.seek(part.start)
        at, n = part.start, part.first_row - 1
        for raw in f:
            if part.end is not None and at >= part.end:
                break
            at, n = at + len(raw), n + 1
            if on_bytes:
                on_bytes(len(raw))
            item = jsonl_row(part.path, n, raw, part.fields)
            if item is not None:
                yield item


def jsonl_row(path: str, n: int, line: bytes | str, fields: Fields):
    """Line ``n`` of a JSONL export as a Reply, RowError or OTHER; None for a blank line (not a row).
    Public for engines that hand out numbered lines themselves (docs/audit.md, Spark)."""
    if n == 1:
        line = line.removeprefix(b"\xef\xbb\xbf" if isinstance(line, bytes) else "\ufeff")
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except UnicodeDecodeError as e:
        return RowError(path, n, f"not UTF-8 (byte {e.start} of the line)")
    except json.JSONDecodeError as e:
        return RowError(path, n, f"invalid JSON line: {e.msg} (column {e.colno})")
    if not isinstance(obj, dict):
        return RowError(path, n, f"a JSON object expected, not {type(obj).__name__}")
    return make(path, n, fields, lambda k: _get(obj, k))


def parts(path: Path, shown: str, fields: Fields, target_bytes: int = 64 << 20) -> list[Part]:
    """The file cut into parts that read on their own (see the module's docstring)."""
    kind = kind_of(path)
    if kind == "parquet":
        from .export_formats import pyarrow_parquet

        meta = pyarrow_parquet().ParquetFile(path).metadata
        out, first = [], 1
        for g in range(meta.num_row_groups):
            out.append(Part(shown, str(path), kind, fields, g, g + 1, first))
            first += meta.row_group(g).num_rows
        return out
    if kind == "csv" or path.stat().st_size <= target_bytes:
        return [Part(shown, str(path), kind, fields)]
    out, start, first, at, lines = [], 0, 1, 0, 0
    with path.open("rb") as f:
        while chunk := f.read(min(1 << 20, target_bytes)):
            at += len(chunk)
            lines += chunk.count(b"\n")
            if at - start >= target_bytes:
                cut = at
                tail = f.readline()  # finish the line the chunk ended in
                cut += len(tail)
                at, lines = cut, lines + tail.count(b"\n")
                out.append(Part(shown, str(path), kind, fields, start, cut, first))
                start, first = cut, lines + 1
    if at > start:
        out.append(Part(shown, str(path), kind, fields, start, None, first))
    return out
