"""Time `cxlint audit` over a generated export of N agent replies.

    python bench/audit.py 100000                  # JSONL, --jobs 1 and every core
    python bench/audit.py 1000000 --jobs 2        # the README's one-machine figure
    python bench/audit.py 100000 --format parquet --engine dask --jobs 1,2
    python bench/audit.py 10000 --keep chats.jsonl   # keep the export for a look

The export has a customer's question before every agent reply (so half its rows are skipped as
not the agent's), 200 agents, conversations of a few replies and times over a year; the reply
texts are bench/corpus.py's distinct messages. Each run prints wall time, replies per second, CPU
per reply and the peak RSS, the workers' included (sampled from /proc: Linux only).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

QUESTIONS = ["Где мой заказ?", "Когда вернёте деньги?", "Сколько стоит доставка?", "Почему списали дважды?"]


def rows(n: int, seed: int = 1):
    rnd = random.Random(seed)
    agents = [f"Агент {k:03d}" for k in range(200)]
    start = datetime(2026, 1, 1, 9)
    conv, left = 0, 0
    for text in corpus.generate(n, seed):
        if left == 0:
            conv, left = conv + 1, rnd.randint(1, 5)
        left -= 1
        at = start + timedelta(minutes=rnd.randrange(365 * 24 * 60))
        common = {"conversation": f"c-{conv}", "time": at.isoformat(timespec="seconds") + "+03:00"}
        yield {**common, "role": "customer", "agent": None, "text": rnd.choice(QUESTIONS)}
        yield {**common, "role": "agent", "agent": rnd.choice(agents), "text": text}


def write(path: Path, n: int) -> int:
    if path.suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as f:
            for r in rows(n):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif path.suffix == ".csv":
        import csv

        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, ["conversation", "time", "role", "agent", "text"])
            w.writeheader()
            w.writerows(rows(n))
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        batch, writer = [], None
        for r in [*rows(n), None]:
            if r is not None:
                batch.append(r)
            if batch and (r is None or len(batch) == 100_000):
                table = pa.Table.from_pylist(batch)
                writer = writer or pq.ParquetWriter(path, table.schema)
                writer.write_table(table)
                batch = []
        writer.close()
    return path.stat().st_size


def _tree(root: int) -> dict[int, tuple[int, int]]:
    """pid → (rss bytes, cpu ticks) of ``root`` and every process under it (forkserver workers and
    Dask's nannies are not the command's direct children, so rusage of the command misses them)."""
    procs = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                f = open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()  # after «(name)»
            except OSError:
                continue
            procs[int(d)] = (int(f[1]), int(f[21]) * os.sysconf("SC_PAGE_SIZE"), int(f[11]) + int(f[12]))
    out, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in procs:
            out[pid] = procs[pid][1:]
            todo += [c for c, v in procs.items() if v[0] == pid]
    return out


def measure(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS of all the run's processes together (MB, sampled every 0.2 s) and
    their CPU seconds."""
    import subprocess
    import time

    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, cpu = 0, {}
    while p.poll() is None:
        tree = _tree(p.pid)
        peak = max(peak, sum(r for r, _ in tree.values()))
        cpu.update({pid: c for pid, (_, c) in tree.items()})
        time.sleep(0.2)
    return time.perf_counter() - t, peak / 2**20, sum(cpu.values()) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="agent replies in the export")
    ap.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    ap.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}", help="comma-separated (default: 1 and every core)")
    ap.add_argument("--engine", choices=["local", "dask"], default="local")
    ap.add_argument("--keep", type=Path, help="write the export here and keep it")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cxlint-bench-audit-") as d:
        path = args.keep or Path(d) / f"export.{args.format}"
        size = write(path, args.n)
        print(f"{args.n:,} agent replies, {2 * args.n:,} rows, {size / 2**20:,.0f} MB {path.suffix[1:]}", flush=True)
        out = []
        for jobs in dict.fromkeys(int(j) for j in args.jobs.split(",")):
            cmd = [sys.executable, "-m", "cxlint", "audit", "--isolated", "--no-progress", "--format", "json"]
            wall, rss, cpu = measure([*cmd, "--engine", args.engine, "--jobs", str(jobs), str(path)])
            r = {"n": args.n, "jobs": jobs, "engine": args.engine, "wall": wall, "rss": rss, "cpu": cpu}
            out.append(r)
            print(
                f"{args.engine} --jobs {jobs}: {wall:,.1f} s, {args.n / wall:,.0f} replies/s, "
                f"{1e6 * cpu / args.n:,.0f} µs CPU/reply, peak RSS {rss:,.0f} MB",
                flush=True,
            )
    return out


if __name__ == "__main__":
    main()
