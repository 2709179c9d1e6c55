"""Running an audit on one machine: exports streamed through the linter in batches — in this
process or a pool of ``jobs`` processes (stream.py's, so the order of the input is kept) — into an
``Audit``, and one row per finding to ``--out`` as the run goes."""

from __future__ import annotations

import csv
import json
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from . import export, stream
from .audit import Audit
from .export import OTHER, Part, Reply, RowError
from .inputs import Message
from .linter import Linter
from .runner import file_ignores
from .scoring import score
from .yamlio import InputError

OUT_COLUMNS = (
    "path",
    "row",
    "conversation",
    "agent",
    "time",
    "rule",
    "category",
    "severity",
    "start",
    "end",
    "text",
    "message",
)
OUT_KINDS = (".parquet", ".jsonl", ".csv")


def out_rows(reply: Reply, findings) -> list[tuple]:
    head = (reply.path, reply.row, reply.conversation, reply.agent, reply.time)
    return [(*head, f.rule, f.category, f.severity, f.start, f.end, f.text, f.message) for f in findings]


class Out:
    """``--out``: one row per finding, written as the run goes (Parquet in row groups of ``GROUP``)."""

    GROUP = 65536

    def __init__(self, path: Path):
        self.path, self.kind = path, path.suffix.lower()
        if self.kind not in OUT_KINDS:
            raise InputError(path, None, f"--out writes {', '.join(OUT_KINDS)} files, not {self.kind or 'no suffix'}")
        self.buf: list[tuple] = []
        self.rows = 0
        if self.kind == ".parquet":
            pa, pq = _arrow()
            types = {"row": pa.int64(), "start": pa.int64(), "end": pa.int64()}
            self.schema = pa.schema([(c, types.get(c, pa.string())) for c in OUT_COLUMNS])
            self.f = pq.ParquetWriter(str(path), self.schema)
        else:
            self.f = path.open("w", encoding="utf-8", newline="")
            if self.kind == ".csv":
                self.csv = csv.writer(self.f)
                self.csv.writerow(OUT_COLUMNS)

    def write(self, rows: list[tuple]) -> None:
        self.rows += len(rows)
        if self.kind == ".jsonl":
            self.f.writelines(
                json.dumps(dict(zip(OUT_COLUMNS, r, strict=True)), ensure_ascii=False) + "\n" for r in rows
            )
        elif self.kind == ".csv":
            self.csv.writerows(rows)
        else:
            self.buf.extend(rows)
            if len(self.buf) >= self.GROUP:
                self._flush()

    def _flush(self) -> None:
        if self.buf:
            pa, _ = _arrow()
            cols = list(zip(*self.buf, strict=True))
            self.f.write_table(
                pa.Table.from_arrays(
                    [pa.array(c, t.type) for c, t in zip(cols, self.schema, strict=True)], schema=self.schema
                )
            )
            self.buf = []

    def close(self) -> None:
        if self.kind == ".parquet":
            self._flush()
        self.f.close()


def _arrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("--out", None, "a Parquet file needs pyarrow: pip install 'cxlint[audit]'") from None
    return pa, pq


def tenths(findings, text: str) -> int:
    return round(score(findings, text) * 10)


def audit_items(lint: Linter, items: Iterable, audit: Audit, out: Callable | None = None, on_error=None) -> Audit:
    """Rows from export.read or export.jsonl_row (Reply, RowError or OTHER) into ``audit``, linted
    in this process; ``out`` receives the --out rows of each reply with findings."""
    ignores: dict[str, set[str]] = {}
    for item in items:
        audit.rows += 1
        if item is OTHER:
            continue
        if isinstance(item, RowError):
            audit.error(item)
            if on_error:
                on_error(item)
        elif item.text.strip():
            if item.path not in ignores:
                ignores[item.path] = file_ignores(lint, Path(item.path))
            fs = lint.check(item.text, (), ignores[item.path])
            audit.add(item, fs, tenths(fs, item.text))
            if out and fs:
                out(out_rows(item, fs))
    return audit


def audit_part(lint: Linter, part: Part, audit: Audit, out: Callable | None = None) -> Audit:
    """One part of an export, in this process: the Dask engine's unit of work."""
    return audit_items(lint, export.read(part), audit, out)


_linters: dict[tuple, Linter] = {}  # recipe → Linter, one per worker process
_lock = threading.Lock()


def worker_linter(recipe: tuple) -> Linter:
    """The Linter of ``recipe`` (stream.recipe), built once per process and reused by every task a
    Dask or Spark worker runs."""
    with _lock:
        if recipe not in _linters:
            _linters[recipe] = stream.build(recipe)
        return _linters[recipe]


def run_local(
    files: list[tuple[Path, str, export.Fields]],
    lint: Linter,
    audit: Audit,
    jobs: int = 1,
    out: Out | None = None,
    progress=None,
    on_error: Callable[[object], None] = lambda e: None,
) -> list[InputError]:
    """Audit ``files`` (path, shown, resolved fields) into ``audit``; returns the files that failed.
    Malformed rows go to ``on_error`` as they are met, in input order. WorkerError if a worker dies."""
    pending: deque[list[Reply]] = deque()  # the replies of each batch in flight, in order
    failed: list[InputError] = []
    events = _events(files, lint, audit, pending, failed, progress, on_error)
    checked = stream._parallel(events, jobs) if jobs > 1 else stream._serial(events)
    for ev in checked:
        if ev[0] == "file":
            continue
        for (_, fs), reply in zip(ev[1], pending.popleft(), strict=True):
            audit.add(reply, fs, tenths(fs, reply.text))
            if out and fs:
                out.write(out_rows(reply, fs))
            if progress:
                progress.message()
    return failed


def _events(files, lint, audit, pending, failed, progress, on_error) -> Iterator[tuple]:
    on_bytes = progress.read if progress else None
    for path, shown, fields in files:
        yield ("file", shown)
        ignore = file_ignores(lint, path)
        msgs: list[Message] = []
        replies: list[Reply] = []
        try:
            for item in export.read(Part(shown, str(path), export.kind_of(path), fields), on_bytes):
                audit.rows += 1
                if item is OTHER:
                    continue
                if isinstance(item, RowError):
                    audit.error(item)
                    on_error(item)
                elif item.text.strip():
                    msgs.append(Message(str(item.row), item.text))
                    replies.append(item)
                    if len(msgs) >= stream.BATCH:
                        pending.append(replies)
                        yield ("batch", lint, ignore, msgs)
                        msgs, replies = [], []
        except InputError as e:
            failed.append(e)
            on_error(e)
        if msgs:
            pending.append(replies)
            yield ("batch", lint, ignore, msgs)
        if progress:
            progress.file_done()
