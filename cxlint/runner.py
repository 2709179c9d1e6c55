"""From paths to results: find files, read messages, check them, place findings in the file."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import inputs
from .engine import Finding
from .inputs import Message
from .linter import Linter
from .yamlio import InputError


@dataclass
class FileResult:
    """One file's messages with their findings, and what went wrong reading it. In ``cxlint check``
    ``messages`` is a one-pass iterator (see stream.py), and a streamed .jsonl file's line errors
    are added as its messages are read."""

    path: str
    messages: Iterable[tuple[Message, list[Finding]]] = field(default_factory=list)
    error: InputError | None = None  # the first error
    errors: list[InputError] = field(default_factory=list)  # all of them (a .jsonl may have several bad lines)

    def __post_init__(self):
        if self.error and not self.errors:
            self.errors.append(self.error)

    def add_error(self, e: InputError) -> None:
        self.errors.append(e)
        self.error = self.error or e


def collect(paths: Iterable[str], exclude: list[str] = (), force: bool = False) -> Iterator[Path | InputError]:
    """Files to check, in a stable order; folders are walked for the known suffixes. A file named
    on the command line is checked even if excluded, unless ``force`` (pre-commit names every file)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(Path(root, d), exclude))
                for name in sorted(files):
                    f = Path(root, name)
                    # hidden files (.cxlint.yaml, .pre-commit-config.yaml) are tooling, not replies
                    if not name.startswith(".") and f.suffix.lower() in inputs.SUFFIXES and not _excluded(f, exclude):
                        yield f
        elif p.is_file() or p.exists():
            if not (force and (_hidden(p) or _excluded(p, exclude))):
                yield p
        else:
            yield InputError(p, None, "no such file or folder")


def _hidden(p: Path) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in p.parts)


def _excluded(p: Path, patterns: list[str]) -> bool:
    s = p.as_posix()
    return any(fnmatch.fnmatch(s, pat) or fnmatch.fnmatch(p.name, pat) for pat in patterns)


def check_messages(linter: Linter, messages: list[Message], file_ignore: set[str] = frozenset()) -> list:
    out = []
    for msg in messages:
        ignore = msg.ignore | file_ignore
        fs = [] if "*" in ignore else linter.check(msg.text, msg.skip, ignore)
        if msg.line_ignores:
            fs = [f for f in fs if not _line_ignored(msg, f)]
        for f in fs:
            f.line, f.column = msg.position(f.start)
            f.end_line, f.end_column = msg.end_position(f.end)
        out.append((msg, fs))
    return out


def _line_ignored(msg: Message, f: Finding) -> bool:
    ids = msg.line_ignores.get(msg.text.count("\n", 0, f.start), ())
    return bool(ids) and bool({"*", f.rule, f.category} & set(ids))


def check_file(
    linter: Linter, path: Path, text: str | None = None, kind: str | None = None, display: str | None = None
) -> FileResult:
    shown = display or str(path)
    try:
        messages = inputs.read(path, text, kind)
    except InputError as e:
        e.path = shown
        return FileResult(shown, error=e)
    return FileResult(shown, check_messages(linter, messages, file_ignores(linter, path)))


def file_ignores(linter: Linter, path: Path) -> set[str]:
    """Rule ids and categories that per-file-ignores turn off for this file."""
    out: set[str] = set()
    for pat, ids in linter.config.per_file_ignores.items():
        if fnmatch.fnmatch(path.as_posix(), pat) or fnmatch.fnmatch(path.name, pat):
            out |= set(ids)
    return out


@dataclass
class FixedFile:
    path: str
    original: str
    fixed: str
    edits: int = 0
    result: FileResult | None = None  # what remains, checked on the fixed text
    skipped: list[str] = field(default_factory=list)  # messages that could not be written back

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_file(
    linter: Linter,
    path: Path,
    unsafe: bool,
    text: str | None = None,
    kind: str | None = None,
    display: str | None = None,
) -> FixedFile:
    """Fix every message of a file and re-encode the changed ones in place."""
    from . import fixer, writer

    shown = display or str(path)
    if text is None:
        try:
            raw = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as e:
            return FixedFile(
                shown, "", "", result=FileResult(shown, error=InputError(shown, None, f"not UTF-8 (byte {e.start})"))
            )
        except OSError as e:
            return FixedFile(
                shown, "", "", result=FileResult(shown, error=InputError(shown, None, e.strerror or str(e)))
            )
    else:
        raw = text
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    body = raw[len(bom) :]
    kind = kind or path.suffix.lower()
    first = check_file(linter, path, body, kind, shown)
    if first.error:
        return FixedFile(shown, raw, raw, result=first)
    replacements, edits, skipped = [], 0, []
    for msg, findings in first.messages:
        if not findings:
            continue

        def recheck(t: str, msg=msg) -> list[Finding]:
            again = inputs.read(path, t, kind)[0] if msg.style == "raw" else _with_text(msg, t)
            return check_messages(linter, [again])[0][1]

        new, applied = fixer.fix_text(msg.text, recheck, unsafe)
        if not applied:
            continue
        try:
            replacements.append(writer.encode(msg, new, body))
            edits += len(applied)
        except writer.Unwritable as e:
            skipped.append(str(e))
    fixed = bom + writer.apply(body, replacements)
    result = check_file(linter, path, fixed[len(bom) :], kind, shown) if replacements else first
    return FixedFile(shown, raw, fixed, edits, result, skipped)


def _with_text(msg: Message, text: str) -> Message:
    from dataclasses import replace

    return replace(msg, text=text, skip=[], line_ignores={}, where=None, where_of=None)
