"""``cxlint audit --engine dask``: the same audit over a Dask cluster (``dask.distributed``).

Exports are cut into parts (export.parts: Parquet row groups, JSONL byte ranges at line ends, whole
CSV files); each part is audited on a worker into a partial ``Audit``, and the client merges them in
input order — the merge is exact and order-free, so the summary equals the one-machine run. Rules
are compiled once per worker process and reused for every part it gets (audit_run.worker_linter). Workers need
cxlint installed and the exports, the config and any --rules folder at the same paths as the client.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from . import audit_run, export
from .audit import Audit
from .linter import Linter
from .stream import WorkerError
from .yamlio import InputError

PART_BYTES = 64 << 20


def audit_part(part: export.Part, recipe: tuple, with_out: bool = False) -> dict:
    """Run on a worker: one part into a partial summary (rewrites of samples are left to the client),
    its --out rows, and the error that stopped it if any (InputError does not survive pickling)."""
    rows: list[tuple] = []
    audit = Audit()
    error = None
    try:
        audit_run.audit_part(audit_run.worker_linter(recipe), part, audit, rows.extend if with_out else None)
    except InputError as e:
        error = (e.path, e.line, e.message)
    return {"audit": audit.to_dict(), "out": rows, "error": error}


def run_dask(
    files: list,
    lint: Linter,
    audit: Audit,
    scheduler: str | None,
    out=None,
    progress=None,
    on_error: Callable = lambda e: None,
    jobs: int | None = None,
    part_bytes: int = PART_BYTES,
) -> list[InputError]:
    """Audit ``files`` on the cluster at ``scheduler`` (or a local one of ``jobs`` workers) into
    ``audit``; returns the files that failed. Results are taken in input order, so --out rows and
    row errors come in the order of the one-machine run."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--engine dask", None, "needs dask.distributed: pip install 'cxlint[dask]'") from None
    failed: list[InputError] = []
    parts: list[export.Part] = []
    for path, shown, fields in files:
        try:
            parts += export.parts(path, shown, fields, part_bytes)
        except OSError as e:
            failed.append(InputError(shown, None, e.strerror or str(e)))
            on_error(failed[-1])
    last = {p.path: k for k, p in enumerate(parts)}  # the part that finishes its file
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
        else:
            n = jobs or os.cpu_count() or 1
            cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                silence_logs=logging.ERROR,
            )  # fmt: skip
            client = Client(cluster)
    except (OSError, TimeoutError) as e:
        raise InputError("--scheduler", None, f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
    try:
        futures = client.map(audit_part, parts, recipe=lint.recipe, with_out=out is not None, pure=False)
        for k, (part, fut) in enumerate(zip(parts, futures, strict=True)):
            try:
                res = fut.result()
            except Exception as e:  # the worker's exception, or the cluster lost it
                raise WorkerError(f"a Dask worker failed on {part.path}: {type(e).__name__}: {e}") from e
            fut.release()
            _take(res, part, audit, out, on_error, failed)
            if progress:
                progress.read(_size(part))
                progress.messages += res["audit"]["replies"]
                if last[part.path] == k:
                    progress.file_done()
                progress.tick()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return failed


def _take(res: dict, part: export.Part, audit: Audit, out, on_error, failed: list) -> None:
    partial = Audit.from_dict(res["audit"])
    for p, row, message in sorted(partial.errors):
        on_error(export.RowError(p, row, message))
    if partial.skipped > len(partial.errors):
        on_error(f"{part.path}: and {partial.skipped - len(partial.errors):,} more malformed rows in this part")
    audit.merge(partial)
    if out is not None and res["out"]:
        out.write([tuple(r) for r in res["out"]])
    if res["error"]:
        failed.append(InputError(*res["error"]))
        on_error(failed[-1])


def _size(part: export.Part) -> int:
    if part.kind == "jsonl" and part.end is not None:
        return part.end - part.start
    try:
        size = os.path.getsize(part.file)
        if part.kind == "parquet":  # the part's share of the file, by rows
            meta = __import__("cxlint.export_formats").export_formats.pyarrow_parquet().ParquetFile(part.file).metadata
            rows = sum(meta.row_group(g).num_rows for g in range(part.start, part.end))
            return size * rows // max(meta.num_rows, 1)
    except Exception:  # progress only: an unreadable file is reported by its part
        return 0
    return size - part.start if part.kind == "jsonl" else size
