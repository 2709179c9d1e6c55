"""`cxlint audit --engine dask` on a local cluster of two worker processes on loopback gives the
summary and the --out rows of the one-machine run, exactly."""

from __future__ import annotations

import json

import pytest
from audit_data import rows, write
from click.testing import CliRunner

from cxlint.cli import main
from cxlint.export import Fields, parts, resolve

distributed = pytest.importorskip("distributed")
N = 60


@pytest.fixture(scope="module")
def cluster():
    import logging

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as c:  # fmt: skip
        yield c


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> list:
    d = tmp_path_factory.mktemp("dask")
    data = rows(N)
    files = [write(d / f"chats.{k}", data, row_group=25) for k in ("jsonl", "csv", "parquet")]
    bad = write(d / "bad.jsonl", data[:30])
    lines = bad.read_text(encoding="utf-8").splitlines()
    lines[9], lines[21] = "{oops", json.dumps({"role": "agent", "text": ["a list"]})
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [*files, bad]


def audit(*args):
    r = CliRunner().invoke(main, ["audit", "--isolated", "--no-progress", "--format", "json", *map(str, args)])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout), r.stderr


def test_the_cluster_gives_the_summary_and_rows_of_one_machine(cluster, exports, tmp_path):
    import pyarrow.parquet as pq

    local, local_err = audit("--jobs", "1", "--out", tmp_path / "local.parquet", *exports)
    remote, remote_err = audit(
        "--engine", "dask", "--scheduler", cluster.scheduler_address, "--part-size", "8KB",
        "--out", tmp_path / "dask.parquet", *exports,
    )  # fmt: skip
    assert remote == local
    assert local["replies"] == 3 * N + 15 - 2 and local["skipped"] == 2  # bad.jsonl: 15 agent rows, 2 broken
    assert remote_err == local_err and local_err.count("bad.jsonl:") == 2
    assert pq.read_table(tmp_path / "dask.parquet").equals(pq.read_table(tmp_path / "local.parquet"))
    assert pq.read_table(tmp_path / "local.parquet").num_rows == sum(r["findings"] for r in local["rules"].values())

    # the JSONL and Parquet exports were cut into several parts each, more than there are workers,
    # and each worker compiled the rules once
    for f in exports[::2]:
        assert len(parts(f, str(f), resolve(f, str(f), Fields()), 8 << 10)) >= 3
    client = distributed.Client(cluster)
    try:
        loaded = client.run(lambda: len(__import__("cxlint.audit_run").audit_run._linters))
    finally:
        client.close()
    assert sorted(loaded.values()) == [1, 1]
