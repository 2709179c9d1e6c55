"""A one-line progress bar on stderr for long runs, and the counts the exit code needs.

The bar shows only on a terminal, never when ``CI`` is set or with ``--no-progress``, and only
once a run has lasted a couple of seconds: short runs and logs stay clean.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator

DELAY = 2.0  # seconds before the bar appears
EVERY = 0.2  # seconds between redraws


def wanted(stream, env=None, disabled: bool = False) -> bool:
    """Whether to draw at all: a terminal, not CI, not turned off."""
    env = os.environ if env is None else env
    return not disabled and "CI" not in env and hasattr(stream, "isatty") and stream.isatty()


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def line(files: int, files_total: int, messages: int, elapsed: float, done_bytes: int, total_bytes: int) -> str:
    """The bar's text: files done/total, messages, rate, and the time left estimated from bytes."""
    rate = messages / elapsed if elapsed > 0 else 0.0
    parts = [f"{files}/{files_total} files", f"{messages:,} messages", f"{rate:,.0f} msg/s"]
    if total_bytes > 0 and done_bytes > 0:
        frac = min(done_bytes / total_bytes, 1.0)
        parts.insert(0, f"{frac:4.0%}")
        parts.append(f"ETA {_clock(elapsed * (1 - frac) / frac)}")
    return "cxlint: " + " · ".join(parts)


class Progress:
    """Counts files, messages and bytes; redraws one line in place when enabled."""

    def __init__(self, files_total: int, total_bytes: int, stream=None, enabled: bool = True, clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.enabled, self.clock = enabled, clock
        self.files_total, self.total_bytes = files_total, total_bytes
        self.files = self.messages = self.done_bytes = 0
        self.start = self.last = clock()
        self.shown = False

    def read(self, n: int) -> None:
        self.done_bytes += n

    def file_done(self) -> None:
        self.files += 1
        self.tick()

    def message(self) -> None:
        self.messages += 1
        if self.messages % 16 == 0:
            self.tick()

    def tick(self) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.start < DELAY or now - self.last < EVERY:
            return
        self.last = now
        text = line(self.files, self.files_total, self.messages, now - self.start, self.done_bytes, self.total_bytes)
        import shutil  # only on a terminal: shutil brings bz2 and lzma, a cold start's cost

        width = shutil.get_terminal_size((100, 20)).columns - 1
        self.stream.write("\r\x1b[K" + text[:width])
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def guard(self, out):
        """``out`` that first wipes the bar, for when stdout is the same terminal."""
        return _Guarded(out, self) if self.enabled and out.isatty() else out


class _Guarded:
    def __init__(self, out, progress: Progress):
        self.out, self.progress = out, progress

    def write(self, s: str) -> int:
        self.progress.clear()
        return self.out.write(s)

    def __getattr__(self, name):
        return getattr(self.out, name)


class Tally:
    """What the exit code and the summary need, counted as the results stream by."""

    def __init__(self, progress: Progress | None = None):
        self.progress = progress
        self.worst = -1  # index into SEVERITIES of the worst finding
        self.errors: list = []
        self.files = self.messages = self.findings = 0

    def watch(self, results: Iterable) -> Iterator:
        for r in results:
            r.messages = self._count(r.messages)
            yield r
            for _ in r.messages:  # a consumer that skipped them still counts them
                pass
            self.errors.extend(r.errors)
            self.files += 1
            if self.progress:
                self.progress.file_done()

    def _count(self, pairs):
        from .engine import worst

        for m, fs in pairs:
            self.messages += 1
            if fs:
                self.findings += len(fs)
                self.worst = max(self.worst, worst(fs))
            if self.progress:
                self.progress.message()
            yield m, fs
