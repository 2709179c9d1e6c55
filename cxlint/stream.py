"""`cxlint check` as a stream: messages are read, checked and written one batch at a time, so a
``.jsonl`` file of a million lines is never held in memory; with ``jobs > 1`` the checking is
spread over processes while the output keeps the order of the input.

``check_sources`` yields FileResults whose ``messages`` is a one-pass iterator of
``(Message, findings)``: a per-message step (a baseline, a score) maps it with ``map_messages``,
and the formats write each message as it comes. Errors found while a file streams (a bad
``.jsonl`` line) are added to its result as they are met; errors found on reading are known as
soon as the result is yielded.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import inputs
from .inputs import Message
from .linter import Linter
from .runner import FileResult, check_messages, file_ignores
from .yamlio import InputError

BATCH = 64  # messages per unit of work: amortises a process hop, keeps memory flat
PARALLEL_BYTES = 512 * 1024  # below this much input, worker start-up costs more than it saves


class WorkerError(RuntimeError):
    """A worker process failed or died; the run stops with exit code 2 rather than hang."""


@dataclass
class Source:
    path: Path
    shown: str
    text: str | None = None  # stdin: already read
    kind: str | None = None
    error: InputError | None = None  # e.g. no such file
    linter: Linter | None = None  # else linter_for(path)


def _events(sources: Iterable[Source], linter_for: Callable[[Path], Linter], on_bytes=None) -> Iterator[tuple]:
    """("file", shown), ("error", e) and ("batch", linter, file_ignore, messages), in input order."""
    for s in sources:
        yield ("file", s.shown)
        if s.error:
            yield ("error", s.error)
            continue
        lint = s.linter or linter_for(s.path)
        ignore = file_ignores(lint, s.path)
        kind = s.kind or s.path.suffix.lower()
        if s.text is None and kind == ".jsonl":
            batch: list[Message] = []
            for m in inputs.iter_jsonl(s.path, s.shown, on_bytes):
                if isinstance(m, InputError):
                    if batch:
                        yield ("batch", lint, ignore, batch)
                        batch = []
                    yield ("error", m)
                    continue
                batch.append(m)
                if len(batch) >= BATCH:
                    yield ("batch", lint, ignore, batch)
                    batch = []
            if batch:
                yield ("batch", lint, ignore, batch)
            continue
        try:
            messages = inputs.read(s.path, s.text, s.kind)
        except InputError as e:
            e.path = s.shown
            yield ("error", e)
            continue
        finally:
            if on_bytes and s.text is None:
                on_bytes(file_size(s.path))
        for k in range(0, len(messages), BATCH):
            yield ("batch", lint, ignore, messages[k : k + BATCH])


def file_size(p: Path) -> int:
    try:
        return p.stat().st_size if p.is_file() else 0
    except OSError:
        return 0


def _serial(events: Iterable[tuple]) -> Iterator[tuple]:
    for ev in events:
        yield ("checked", check_messages(ev[1], ev[3], ev[2])) if ev[0] == "batch" else ev


def _parallel(events: Iterable[tuple], jobs: int) -> Iterator[tuple]:
    """Batches go to a pool of processes; at most a few per worker are in flight, so reading stays
    a little ahead of writing and memory stays flat. A worker that fails or dies raises here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["cxlint.stream"])  # each worker forks with cxlint already imported
    try:
        pool = ProcessPoolExecutor(jobs, mp_context=ctx)
    except (OSError, ImportError, NotImplementedError):  # no process support here (no /dev/shm, a sandbox)
        yield from _serial(events)
        return
    window: deque = deque()
    limit = jobs * 6

    def ready(ev):
        if ev[0] != "future":
            return ev
        msgs, fut = ev[1], ev[2]
        try:
            found = fut.result()
        except Exception as e:  # the worker's own exception, or BrokenProcessPool when it died
            raise WorkerError(f"a worker process failed: {e}") from e
        return ("checked", list(zip(msgs, found, strict=True)))

    try:
        for ev in events:
            if ev[0] == "batch":
                _, lint, ignore, msgs = ev
                ev = ("future", msgs, pool.submit(_work, lint.recipe, ignore, msgs))
            window.append(ev)
            while sum(e[0] == "future" for e in window) > limit:
                yield ready(window.popleft())
        while window:
            yield ready(window.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_worker_linters: dict = {}


def _work(recipe: tuple, ignore: set[str], msgs: list[Message]) -> list:
    try:
        lint = _worker_linters.get(recipe)
        if lint is None:
            lint = _worker_linters[recipe] = build(recipe)
        return [fs for _, fs in check_messages(lint, msgs, ignore)]
    except Exception as e:  # some exceptions (InputError) do not survive pickling back to the parent
        raise RuntimeError(f"{type(e).__name__}: {e}") from None


def recipe(config_path: Path | None, select: Iterable[str], ignore: Iterable[str], rule_dirs: Iterable[Path]) -> tuple:
    """What a worker needs to build the same Linter: plain, picklable, absolute paths."""
    return (
        str(Path(config_path).resolve()) if config_path else None,
        tuple(select),
        tuple(ignore),
        tuple(str(Path(d).resolve()) for d in rule_dirs),
    )


def build(recipe: tuple) -> Linter:
    from .config import Config, load_config

    cfg, select, ignore, dirs = recipe
    lint = Linter(load_config(Path(cfg)) if cfg else Config(), select, ignore, [Path(d) for d in dirs])
    lint.recipe = recipe
    return lint


def _group(events: Iterable[tuple]) -> Iterator[FileResult]:
    it = iter(events)
    ev = next(it, None)
    while ev is not None:
        r = FileResult(ev[1])
        head = []
        for ev in it:  # errors found on reading come first: known before the result is handed out
            if ev[0] != "error":
                head.append(ev)
                break
            r.add_error(ev[1])
        following: list = [None]

        def messages(r=r, head=head, following=following):
            for ev in itertools.chain(head, it):
                if ev[0] == "file":
                    following[0] = ev
                    return
                if ev[0] == "error":
                    r.add_error(ev[1])
                else:
                    yield from ev[1]

        r.messages = messages()
        yield r
        for _ in r.messages:  # a consumer that skipped the messages still moves the stream on
            pass
        ev = following[0]


def check_sources(
    sources: Iterable[Source], linter_for: Callable[[Path], Linter], jobs: int = 1, on_bytes=None
) -> Iterator[FileResult]:
    """Results in input order; each file's messages are checked as the consumer reads them."""
    events = _events(sources, linter_for, on_bytes)
    return _group(_parallel(events, jobs) if jobs > 1 else _serial(events))


def auto_jobs(total_bytes: int) -> int:
    """One process for small inputs; every core once the input is big enough to pay for start-up."""
    return (os.cpu_count() or 1) if total_bytes >= PARALLEL_BYTES else 1


def map_messages(results: Iterable[FileResult], step: Callable) -> Iterator[FileResult]:
    """Apply ``step(path, message, findings) -> findings`` to every message as it streams by."""
    for r in results:
        r.messages = ((m, step(r.path, m, fs)) for m, fs in r.messages)
        yield r
