"""`cxlint audit` over exported conversations: the figures equal `cxlint check` on the same
replies, whatever the format, the number of processes or the order partial audits are merged in."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from audit_data import COLUMNS, rows, texts, write
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlint.audit import Audit
from cxlint.audit_run import audit_part
from cxlint.cli import main
from cxlint.export import OTHER, Fields, Part, RowError, parts, read, resolve, week_of
from cxlint.linter import Linter

N = 90  # agent replies per export


def cli(*args):
    return CliRunner().invoke(main, ["audit", "--no-progress", *map(str, args)])


def summary(*args) -> dict:
    r = cli("--isolated", "--format", "json", *args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def data():
    return rows(N)


@pytest.fixture(scope="module")
def exports(tmp_path_factory, data) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("exports")
    return {k: write(d / f"chats.{k}", data, row_group=50) for k in ("jsonl", "csv", "parquet")}


@pytest.fixture(scope="module")
def checked(tmp_path_factory, data) -> list[dict]:
    """`cxlint check --format json` on the agent replies of the export, one message each."""
    f = tmp_path_factory.mktemp("check") / "agent.jsonl"
    agent = [r["text"] for r in data if r["role"] == "agent"]
    f.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in agent), encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "--no-progress", str(f)])
    return [m for fl in json.loads(r.stdout)["files"] for m in fl["messages"]]


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_figures_equal_cxlint_check_on_the_same_replies(exports, checked, kind):
    s = summary(exports[kind])
    assert s["rows"] == 2 * N and s["replies"] == N == len(checked) and s["skipped"] == 0
    assert s["replies_with_findings"] == sum(bool(m["findings"]) for m in checked) > 0
    found = [f for m in checked for f in m["findings"]]
    assert {k: v["findings"] for k, v in s["rules"].items()} == Counter(f["rule"] for f in found)
    assert s["findings"] == Counter(f["category"] for f in found)
    assert s["categories"] == Counter(c for m in checked for c in {f["category"] for f in m["findings"]})
    assert s["scores"] == [sum(round(m["score"] * 10) == k for m in checked) for k in range(101)]


def test_the_formats_give_the_same_figures(exports):
    a, b, c = (summary(exports[k]) for k in ("jsonl", "csv", "parquet"))
    for key in ("rows", "replies", "rules", "categories", "weeks", "agents", "scores"):
        assert a[key] == b[key] == c[key], key
    assert set(a["agents"]) == {"Анна К.", "Борис П.", "Вера С.", ""}
    assert a["weeks"][""]["replies"] == N // 4  # every fourth reply has no time


def test_one_process_and_two_give_the_same_summary(exports):
    assert summary(exports["jsonl"], "--jobs", "1") == summary(exports["jsonl"], "--jobs", "2")


def test_malformed_rows_are_reported_counted_and_skipped(tmp_path, data):
    j = write(tmp_path / "bad.jsonl", data[:20])
    lines = j.read_text(encoding="utf-8").splitlines()
    lines[3] = "{not json"
    lines[5] = json.dumps({"role": "agent", "text": 7})
    lines[7] = json.dumps({"role": "agent", "text": "Скоро ответим.", "time": "вчера"})
    j.write_text("\n".join(lines) + "\n", encoding="utf-8")
    c = tmp_path / "bad.csv"
    with c.open("w", encoding="utf-8", newline="") as f:  # data row 4 has three fields of five
        w = csv.writer(f)
        w.writerows([COLUMNS, *([r[k] for k in COLUMNS] for r in data[:3]), ["c-9", "agent", "Анна К."]])
        w.writerows([r[k] for k in COLUMNS] for r in data[4:20])
    r = cli("--isolated", "--format", "json", j, c)
    assert r.exit_code == 0
    assert r.stderr.splitlines() == [
        f"cxlint: {j}:4: invalid JSON line: Expecting property name enclosed in double quotes (column 2)",
        f"cxlint: {j}:6: text is int, not a string",
        f"cxlint: {j}:8: time 'вчера' is neither ISO 8601, DD.MM.YYYY [HH:MM[:SS]] nor epoch seconds",
        f"cxlint: {c}:4: 3 fields, the header has 5",
    ]
    s = json.loads(r.stdout)
    assert s["skipped"] == 4 and s["rows"] == 40 and s["replies"] == 20 - 3 - 1
    assert [(e["path"], e["row"]) for e in s["errors"]] == [(str(c), 4), (str(j), 4), (str(j), 6), (str(j), 8)]


def test_a_missing_column_fails_that_file_only(exports, tmp_path):
    r = cli("--isolated", "--agent-field", "operator", exports["csv"], exports["jsonl"])
    assert r.exit_code == 2
    assert r.stderr.startswith(f"cxlint: {exports['csv']}: no column 'operator' (--agent-field); the columns are: ")
    assert "conversation, role, agent, text, time" in r.stderr
    assert f"Audited {N} agent replies" not in r.stdout  # the JSONL rows name no operator either
    r = cli("--isolated", "--text-field", "body", exports["parquet"])
    assert r.exit_code == 2 and "no column 'body' (--text-field)" in r.stderr
    r = cli("--isolated", tmp_path / "nowhere.csv", exports["csv"])
    assert r.exit_code == 2 and "nowhere.csv: no such file" in r.stderr
    assert f"Audited {N} agent replies in {2 * N} rows of 1 file" in r.stdout


def test_only_agent_rows_are_linted_and_the_role_is_configurable(exports, tmp_path):
    assert summary(exports["csv"], "--agent-role", "customer")["replies"] == N
    assert summary(exports["csv"], "--role-field", "")["replies"] == 2 * N
    no_role = tmp_path / "agents.jsonl"
    no_role.write_text('{"text": "Скоро ответим."}\n', encoding="utf-8")
    r = cli("--isolated", no_role)
    assert r.exit_code == 0 and "no column 'role': every row is taken as an agent's reply" in r.stderr
    r = cli("--isolated", "--agent-role", "operator", no_role)  # asked for a role, so the column must be there
    assert r.exit_code == 2


def test_config_maps_the_columns_and_is_validated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "e.csv").write_text("body,who,kind\nОжидайте ответа.,Анна,staff\nСпасибо!,Клиент,client\n")
    cfg = "audit:\n  text-field: body\n  agent-field: who\n  role-field: kind\n  agent-role: staff\n"
    (tmp_path / ".cxlint.yaml").write_text(cfg, encoding="utf-8")
    r = cli("--format", "json", "e.csv")
    s = json.loads(r.stdout)
    assert r.exit_code == 0 and s["replies"] == 1 and list(s["agents"]) == ["Анна"] and s["rows"] == 2
    (tmp_path / ".cxlint.yaml").write_text("audit:\n  text-field: body\n  agent-feild: who\n", encoding="utf-8")
    r = cli("e.csv")
    assert r.exit_code == 2
    assert r.stderr.strip().endswith(".cxlint.yaml:3: unknown audit key 'agent-feild' (did you mean 'agent-field'?)")


def test_weeks_are_mondays_of_the_date_as_written():
    assert week_of("2026-01-04T23:30:00-05:00") == ("2026-01-04T23:30:00-05:00", "2025-12-29")  # no zone change
    assert week_of("2026-01-05 08:00") == ("2026-01-05 08:00", "2026-01-05")
    assert week_of("20260111")[1] == "2026-01-05"  # ISO basic date, not epoch seconds
    assert week_of(1767571200) == ("1767571200", "2026-01-05")  # 2026-01-05T00:00:00Z
    assert week_of("1767571199.5")[1] == "2025-12-29"
    assert week_of(1767571200123) == ("1767571200123", "2026-01-05")  # milliseconds
    assert week_of(datetime(2026, 1, 7, 12)) == ("2026-01-07T12:00:00", "2026-01-05")
    assert week_of(date(2026, 1, 11))[1] == "2026-01-05"
    assert week_of(None) == week_of("") == ("", "")
    # day first, as Russian helpdesks and spreadsheets write it
    assert week_of("11.01.2026 23:59")[1] == week_of("05.01.26")[1] == week_of("07/01/2026 10:00:05")[1] == "2026-01-05"
    for bad in ("вчера", "31.02.2026", "05.13.2026", 1.7e18, True):
        with pytest.raises(ValueError):
            week_of(bad)


def test_parquet_timestamp_columns(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = tmp_path / "t.parquet"
    stamps = [datetime(2026, 1, 4, 23), datetime(2026, 1, 5, 1)]
    pq.write_table(pa.table({"text": ["Скоро ответим.", "Скоро."], "time": pa.array(stamps, pa.timestamp("s"))}), p)
    s = summary("--role-field", "", p)
    assert {k: v["replies"] for k, v in s["weeks"].items()} == {"2025-12-29": 1, "2026-01-05": 1}


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_out_writes_one_row_per_finding(exports, tmp_path, kind):
    out = tmp_path / f"findings.{kind}"
    r = cli("--isolated", "--format", "json", "--out", out, exports["jsonl"])
    s = json.loads(r.stdout)
    if kind == "jsonl":
        got = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    elif kind == "csv":
        got = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    else:
        import pyarrow.parquet as pq

        got = pq.read_table(out).to_pylist()
    want = {"path", "row", "conversation", "agent", "time", "rule", "category", "severity", "start", "end", "text"}
    assert want <= set(got[0])
    assert len(got) == sum(v["findings"] for v in s["rules"].values())
    assert Counter(g["rule"] for g in got) == {k: v["findings"] for k, v in s["rules"].items()}
    assert [int(g["row"]) for g in got] == sorted(int(g["row"]) for g in got)  # input order
    lines = exports["jsonl"].read_text(encoding="utf-8").splitlines()
    for g in got[:20]:
        reply = json.loads(lines[int(g["row"]) - 1])
        assert reply["text"][int(g["start"]) : int(g["end"])] == g["text"]
        assert g["conversation"] == reply["conversation"] and g["agent"] == reply.get("agent", "")


def test_samples_are_real_replies_with_their_rewrite(exports):
    import cxlint

    s = summary(exports["jsonl"])
    assert set(s["samples"]) == set(s["rules"])
    lint = Linter()
    for rule, kept in s["samples"].items():
        assert 1 <= len(kept) <= min(5, s["rules"][rule]["replies"])
        for x in kept:
            assert rule in {sp[2] for sp in x["spans"]}
        x = kept[0]
        assert x["rewrite"] == cxlint.fix(x["text"], unsafe=True, linter=lint).text
        assert [[f.start, f.end, f.rule] for f in lint.check(x["text"])] == x["spans"]


def test_jsonl_and_parquet_parts_keep_the_rows_and_their_numbers(exports):
    for kind in ("jsonl", "parquet"):
        path = exports[kind]
        fields = resolve(path, str(path), Fields())
        cut = parts(path, str(path), fields, target_bytes=4096)
        assert len(cut) > 2
        whole = list(read(Part(str(path), str(path), kind, fields)))
        pieces = [x for p in cut for x in read(p)]
        assert [x for x in pieces if x is not OTHER] == [x for x in whole if x is not OTHER]
        assert len(pieces) == len(whole) == 2 * N


@pytest.fixture(scope="module")
def partials(exports) -> list[Audit]:
    """The export audited as one Audit per reply (and one for a bad row): the units to merge."""
    lint = Linter()
    path = exports["jsonl"]
    fields = resolve(path, str(path), Fields())
    out = []
    for p in parts(path, str(path), fields, target_bytes=1):  # a part a line
        a = Audit()
        audit_part(lint, p, a)
        out.append(a)
    bad = Audit()
    bad.error(RowError("other.jsonl", 3, "invalid JSON line"))
    bad.rows += 1
    return [*out, bad]


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_merging_in_any_grouping_and_order_gives_the_same_audit(partials, data):
    def merged(units):
        total = Audit()
        for a in units:
            total.merge(Audit.from_dict(a.to_dict()))
        return total.to_dict()

    want = merged(partials)
    order = data.draw(st.permutations(range(len(partials))))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(partials) - 1), max_size=6)))
    groups = [order[i:j] for i, j in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    assert merged(Audit.from_dict(merged(partials[k] for k in g)) for g in groups) == want
    assert want["replies"] == N and want["skipped"] == 1 and len(want["samples"]) > 3


def test_text_summary_ranks_agents_and_names_the_top_rules(exports):
    r = cli("--isolated", exports["csv"])
    s = summary(exports["csv"])
    assert r.exit_code == 0
    assert r.stdout.startswith(f"Audited {N} agent replies in {2 * N} rows of 1 file.\n")
    named = {a: v for a, v in s["agents"].items() if a}
    order = sorted(named, key=lambda a: (named[a]["with_findings"] / named[a]["replies"], -named[a]["replies"], a))
    pos = [r.stdout.index(f"  {a} ") for a in order]
    assert pos == sorted(pos)
    top = min(s["rules"], key=lambda k: (-s["rules"][k]["replies"], k))
    assert top in r.stdout and s["rule_info"][top]["title"] in r.stdout
    assert len(texts(N)) == N


def test_numbered_lines_audited_per_partition_equal_the_local_run(exports):
    """What the Spark recipe of docs/audit.md does on the executors — numbered lines (textFile +
    zipWithIndex) through export.jsonl_row and audit_items, one Audit per partition, merged on the
    driver — gives the summary of `cxlint audit`."""
    import cxlint
    from cxlint.audit import rule_info
    from cxlint.audit_run import audit_items, worker_linter
    from cxlint.export import jsonl_row
    from cxlint.stream import recipe

    path = str(exports["jsonl"])
    fields = Fields(text="text", role="role", agent_role="agent", agent="agent", conversation="conversation")
    lines = exports["jsonl"].read_text(encoding="utf-8").removesuffix("\n").split("\n")
    numbered = list(zip(lines, range(len(lines)), strict=True))
    partials = []
    for k in range(0, len(numbered), 37):
        lint = worker_linter(recipe(None, [], [], []))
        rows_ = (jsonl_row(path, n + 1, line, fields) for line, n in numbered[k : k + 37])
        partials.append(json.dumps(audit_items(lint, (r for r in rows_ if r is not None), Audit()).to_dict()))
    total = Audit(rule_info(lint))
    for p in reversed(partials):
        total.merge(Audit.from_dict(json.loads(p)))
    total.finish(lambda text: cxlint.fix(text, unsafe=True, linter=lint).text)
    assert total.to_dict() == summary(exports["jsonl"])


def test_a_folder_stands_for_the_exports_in_it(tmp_path, data):
    d = tmp_path / "dataset"
    (d / "month=01").mkdir(parents=True)
    a = write(d / "month=01" / "part-0.parquet", data[:40])
    b = write(d / "part-1.jsonl", data[40:80])
    (d / "_SUCCESS").write_text("")
    (d / ".part-1.jsonl.crc").write_text("not an export")
    assert summary(d) == summary(a, b)
    r = cli("--isolated", tmp_path / "dataset" / "month=01" / "..", tmp_path / "empty")
    assert r.exit_code == 2 and "empty: no such file or folder" in r.stderr
    (tmp_path / "empty").mkdir()
    r = cli("--isolated", tmp_path / "empty")
    assert r.exit_code == 2 and "empty: no exports (.jsonl, .csv, .parquet) in this folder" in r.stderr


def test_report_is_written_offline_with_personal_data_masked_unless_asked(tmp_path):
    f = tmp_path / "chats.jsonl"
    replies = [
        "Ольга, ваш заказ передали курьеру, ожидайте звонка. Наш номер +7 (912) 345-67-89.",
        "Вернём деньги до 15 марта на карту 4111 1111 1111 1111.",
    ]
    f.write_text(
        "".join(
            json.dumps(
                {"text": t, "role": "agent", "agent": "Анна", "time": f"2026-03-0{k}T10:00:00"}, ensure_ascii=False
            )
            + "\n"
            for k, t in enumerate(replies, 1)
        ),
        encoding="utf-8",
    )
    report = tmp_path / "report.html"
    r = cli("--isolated", "--report", report, f)
    assert r.exit_code == 0, r.output
    assert f"Wrote the report to {report}." in r.output
    html = report.read_text(encoding="utf-8")
    assert "ожидайте" in html and "timeline.wait" in html  # the flagged reply is a sample
    assert "345-67-89" not in html and "4111 1111" not in html and "[телефон]" in html
    assert "http://" not in html.replace("http://www.w3.org/", "") and "<script" not in html
    r = cli("--isolated", "--report", report, "--show-personal-data", f)
    assert r.exit_code == 0 and "not masked" in r.output
    assert "345-67-89" in report.read_text(encoding="utf-8")


def test_report_into_a_missing_folder_fails_before_the_run(tmp_path):
    f = tmp_path / "chats.jsonl"
    f.write_text(json.dumps({"text": "Ожидайте.", "role": "agent"}) + "\n", encoding="utf-8")
    r = cli("--isolated", "--report", tmp_path / "no" / "report.html", f)
    assert r.exit_code == 2 and "no such folder" in r.output and "Audited" not in r.output
