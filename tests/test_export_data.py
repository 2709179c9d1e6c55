"""The synthetic export in examples/export: its generator reproduces it, and it is shaped like an export."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

EXPORT = Path(__file__).parent.parent / "examples" / "export"


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_generator_writes_the_committed_export(tmp_path):
    subprocess.run(
        [sys.executable, str(EXPORT / "generate.py"), "--out", str(tmp_path)], check=True, capture_output=True
    )
    assert (tmp_path / "conversations.csv").read_bytes() == (EXPORT / "conversations.csv").read_bytes()


def test_the_export_is_shaped_like_a_chat_log():
    rows = _rows(EXPORT / "conversations.csv")
    assert list(rows[0]) == ["conversation_id", "message_id", "time", "role", "author", "text"]
    assert Counter(r["role"] for r in rows).keys() == {"client", "agent", "bot"}
    assert all(bool(r["author"]) == (r["role"] == "agent") and r["text"].strip() for r in rows)
    by_conv: dict[str, list[dt.datetime]] = {}
    for r in rows:
        by_conv.setdefault(r["conversation_id"], []).append(dt.datetime.fromisoformat(r["time"]))
    assert len(by_conv) == 3000 and all(t == sorted(t) for t in by_conv.values())
    days = sorted(t for ts in by_conv.values() for t in ts)
    assert (days[-1] - days[0]).days > 150
    assert len({r["author"] for r in rows if r["author"]}) == 12


def test_the_parquet_copy_holds_the_same_rows():
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(EXPORT / "conversations.parquet").to_pylist()
    assert table == _rows(EXPORT / "conversations.csv")
