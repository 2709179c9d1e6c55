"""Small conversation exports for the audit tests, written in every format from the same rows."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
AGENTS = ["Анна К.", "Борис П.", "Вера С.", None]
COLUMNS = ("conversation", "role", "agent", "text", "time")


def texts(n: int) -> list[str]:
    out: list[str] = []
    for name in ("replies.jsonl", "holdout.jsonl", "blind.jsonl"):
        out += [json.loads(ln)["text"] for ln in (CORPUS / name).read_text(encoding="utf-8").splitlines() if ln]
    return out[:n]


def rows(n: int) -> list[dict]:
    """A customer's question and an agent's answer per reply text; times as ISO strings with and
    without a zone, epoch seconds, and none."""
    out = []
    for k, t in enumerate(texts(n)):
        conv = f"c-{k // 3}"
        day = 1 + k % 60
        stamp = (date(2026, 1, 1) + timedelta(days=day)).isoformat()
        out.append({"conversation": conv, "role": "customer", "agent": None, "text": "Где мой заказ?", "time": stamp})
        when = [f"{stamp}T10:00:00+03:00", f"{stamp} 18:30", str(1767225600 + day * 86400), None][k % 4]
        out.append({"conversation": conv, "role": "agent", "agent": AGENTS[k % 4], "text": t, "time": when})
    return out


def write(path: Path, data: list[dict], row_group: int | None = None) -> Path:
    kind = path.suffix
    if kind == ".jsonl":
        with path.open("w", encoding="utf-8") as f:
            for r in data:
                f.write(json.dumps({k: v for k, v in r.items() if v is not None}, ensure_ascii=False) + "\n")
    elif kind == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(COLUMNS)
            w.writerows([("" if r[c] is None else r[c]) for c in COLUMNS] for r in data)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({c: pa.array([r[c] for r in data], pa.string()) for c in COLUMNS})
        pq.write_table(table, path, row_group_size=row_group or len(data) or 1)
    return path
