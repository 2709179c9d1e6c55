"""`cxlint check` as a stream: output written as messages are checked, byte for byte what the whole
document would be; .jsonl read line by line with per-line errors; --jobs keeps the output order."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cxlint import stream
from cxlint.cli import main
from cxlint.formats import github, json_format, sarif, text
from cxlint.linter import Linter
from cxlint.runner import check_file

CORPUS = Path(__file__).parent / "corpus"


def _texts(n: int) -> list[str]:
    out = []
    for name in ("replies.jsonl", "holdout.jsonl", "blind.jsonl"):
        out += [json.loads(ln)["text"] for ln in (CORPUS / name).read_text(encoding="utf-8").splitlines()]
    return out[:n]


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A few hundred messages across files of every type, plus files that fail."""
    d = tmp_path_factory.mktemp("tree")
    texts = _texts(320)
    (d / "a.jsonl").write_text(
        "\n".join(json.dumps({"id": f"a{k}", "text": t}, ensure_ascii=False) for k, t in enumerate(texts[:150])) + "\n",
        encoding="utf-8",
    )
    (d / "b.jsonl").write_text("\n".join(json.dumps(t, ensure_ascii=False) for t in texts[150:300]), encoding="utf-8")
    (d / "c.yaml").write_text(
        "".join(f"k{k}: {json.dumps(t, ensure_ascii=False)}\n" for k, t in enumerate(texts[300:310])), encoding="utf-8"
    )
    (d / "d.txt").write_text(texts[310], encoding="utf-8")
    (d / "e.md").write_text("# Ответ\n\n" + texts[311], encoding="utf-8")
    (d / "f.json").write_text(json.dumps({"x": texts[312:316]}, ensure_ascii=False), encoding="utf-8")
    (d / "broken.yaml").write_text("a: [unclosed\n", encoding="utf-8")
    (d / "latin.txt").write_bytes(b"\xff\xfe")
    (d / "empty.jsonl").write_text("", encoding="utf-8")
    return d


def _cli(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cxlint", "check", "--isolated", *args], capture_output=True, text=True, cwd=cwd
    )


def _results(tree: Path):
    lint = Linter()
    files = sorted(p for p in tree.iterdir())
    whole = [check_file(lint, p) for p in files]  # today's path: each file read and checked at once
    streamed = stream.check_sources([stream.Source(p, str(p)) for p in files], lambda p: lint)
    return whole, streamed, lint


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_streamed_document_is_byte_identical(tree, fmt):
    whole, streamed, lint = _results(tree)
    out = io.StringIO()
    {"json": json_format, "sarif": sarif}[fmt].render(streamed, out, rules=lint.rules)
    doc = json_format.document(whole) if fmt == "json" else sarif.document(whole, lint.rules)
    assert out.getvalue() == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def test_streamed_text_and_github_match_whole_files(tree):
    whole, streamed, _ = _results(tree)
    a, b = io.StringIO(), io.StringIO()
    text.render(whole, a)
    text.render(streamed, b)
    assert a.getvalue() == b.getvalue() and "Found " in a.getvalue()
    whole, streamed, _ = _results(tree)
    a, b = io.StringIO(), io.StringIO()
    github.render(whole, a)
    github.render(streamed, b)
    assert sorted(a.getvalue().splitlines()) == sorted(b.getvalue().splitlines())


def test_empty_run_is_a_valid_document():
    out = io.StringIO()
    json_format.render(iter(()), out)
    assert out.getvalue() == json.dumps({"version": 1, "files": []}, indent=2) + "\n"


def test_jsonl_bad_lines_are_reported_and_the_rest_is_checked(tmp_path):
    p = tmp_path / "chats.jsonl"
    p.write_bytes(
        '"Ожидайте ответа."\n{"text": 5}\nнеJSON\n'.encode()
        + b'"\xff"\n'
        + '{"id": "z", "text": "Мы не можем вернуть деньги."}\n'.encode()
    )
    r = _cli("--format", "json", str(p))
    assert r.returncode == 2
    errors = r.stderr.splitlines()
    assert [e.split(": ")[1] for e in errors] == [f"{p}:{n}" for n in (2, 3, 4)]
    assert all(e.startswith("cxlint: ") for e in errors) and "Traceback" not in r.stderr
    doc = json.loads(r.stdout)
    (f,) = doc["files"]
    assert [m["id"] for m in f["messages"]] == ["1", "z"]
    assert all(m["findings"] for m in f["messages"])
    assert f["error"].startswith(f"{p}:2: ")


def test_jsonl_is_read_as_it_is_checked(tmp_path):
    """The first results come out after a batch of lines is read, not the whole file."""
    p = tmp_path / "big.jsonl"
    p.write_text('"Мы решим вопрос."\n' * 5000, encoding="utf-8")
    read = []
    lint = Linter()
    r = next(stream.check_sources([stream.Source(p, str(p))], lambda _: lint, on_bytes=read.append))
    first = next(iter(r.messages))
    assert first[0].id == "1" and first[1]
    assert 0 < sum(read) < p.stat().st_size / 10
    assert sum(1 for _ in r.messages) == 4999 - 0 and sum(read) == p.stat().st_size


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_jobs_output_is_identical_to_one_process(tree, fmt):
    one = _cli("--format", fmt, "--jobs", "1", str(tree))
    two = _cli("--format", fmt, "--jobs", "2", str(tree))
    assert one.returncode == two.returncode == 2  # broken.yaml and latin.txt
    assert one.stdout == two.stdout and one.stderr == two.stderr
    if fmt == "json":
        assert sum(len(f["messages"]) for f in json.loads(one.stdout)["files"]) == 316


def test_jobs_with_per_folder_config(tmp_path):
    """Workers build each file's Linter from the config nearest to it, as one process does."""
    (tmp_path / "strict").mkdir()
    (tmp_path / "strict" / ".cxlint.yaml").write_text("select: [timeline]\n", encoding="utf-8")
    for d in (tmp_path, tmp_path / "strict"):
        (d / "r.jsonl").write_text('"Мы не можем вернуть деньги, ожидайте."\n' * 100, encoding="utf-8")
    run = [sys.executable, "-m", "cxlint", "check", "--format", "json", "."]
    one = subprocess.run([*run, "-j", "1"], capture_output=True, text=True, cwd=tmp_path)
    two = subprocess.run([*run, "-j", "2"], capture_output=True, text=True, cwd=tmp_path)
    assert one.stdout == two.stdout
    cats = [{f["category"] for m in fl["messages"] for f in m["findings"]} for fl in json.loads(two.stdout)["files"]]
    assert cats == [{"negative", "timeline"}, {"timeline"}]


def test_a_failing_worker_stops_the_run(tmp_path):
    """A worker that cannot build its Linter raises in the parent instead of hanging."""
    lint = Linter()
    lint.recipe = stream.recipe(None, (), (), [tmp_path / "gone"])  # a rule folder removed mid-run
    p = tmp_path / "r.jsonl"
    p.write_text('"Мы решим вопрос."\n' * 200, encoding="utf-8")
    results = stream.check_sources([stream.Source(p, str(p))], lambda _: lint, jobs=2)
    with pytest.raises(stream.WorkerError, match="rule folder not found"):
        for r in results:
            list(r.messages)


def test_auto_jobs_is_one_process_for_small_inputs():
    assert stream.auto_jobs(10_000) == 1
    assert stream.auto_jobs(100 * 1024 * 1024) >= 1


def test_map_messages_is_the_place_for_a_per_message_step(tree):
    lint = Linter()
    files = [tree / "a.jsonl", tree / "d.txt"]
    results = stream.check_sources([stream.Source(p, str(p)) for p in files], lambda _: lint)
    only_negative = stream.map_messages(results, lambda path, m, fs: [f for f in fs if f.category == "negative"])
    out = io.StringIO()
    json_format.render(only_negative, out)
    cats = {f["category"] for fl in json.loads(out.getvalue())["files"] for m in fl["messages"] for f in m["findings"]}
    assert cats == {"negative"}


def test_check_help_names_jobs_and_progress():
    from click.testing import CliRunner

    r = CliRunner().invoke(main, ["check", "--help"])
    assert "--jobs" in r.stdout and "--no-progress" in r.stdout


def test_min_score_keeps_the_lowest_scores_and_counts_them_all(tree):
    """--min-score is tracked as the messages stream by: the same list as sorting every score."""
    from cxlint.formats.text import Below, name_of
    from cxlint.scoring import score

    whole, streamed, _ = _results(tree)
    low = Below(8)
    for r in stream.map_messages(streamed, low.step):
        list(r.messages)
    every = sorted(
        (sc, name_of(r.path, m)) for r in whole for m, fs in r.messages if fs and (sc := score(fs, m.text)) < 8
    )
    assert low.count == len(every) > 4 * Below.KEEP  # enough to trim the kept list more than once
    assert low.lowest == every[: Below.KEEP]


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_jobs_with_baseline_and_min_score_match_one_process(tree, tmp_path, fmt):
    bl = tmp_path / "bl.json"
    w = _cli("--baseline", str(bl), "--write-baseline", str(tree / "a.jsonl"))
    assert w.returncode == 0 and w.stdout.startswith("Recorded ")
    one, two = (_cli("--format", fmt, "--baseline", str(bl), "--min-score", "6", "-j", j, str(tree)) for j in "12")
    assert one.returncode == two.returncode == 2  # broken.yaml and latin.txt
    assert one.stdout == two.stdout and one.stderr == two.stderr
    told = one.stdout if fmt == "text" else one.stderr
    assert "findings hidden by the baseline" in told and "score below 6" in told
    if fmt == "json":
        files = {f["path"]: f["messages"] for f in json.loads(one.stdout)["files"]}
        hidden = files[str(tree / "a.jsonl")]
        assert all(m["findings"] == [] and m["score"] == 10.0 for m in hidden)  # scored after the baseline
        assert any(m["findings"] and m["score"] < 6 for m in files[str(tree / "b.jsonl")])


def test_write_baseline_refuses_a_jsonl_with_a_bad_line(tmp_path):
    """The bad line is met while the file streams; the baseline is still not written."""
    p = tmp_path / "c.jsonl"
    p.write_text('"Мы не можем вернуть деньги."\nне JSON\n', encoding="utf-8")
    r = _cli("--baseline", str(tmp_path / "bl.json"), "--write-baseline", str(p))
    assert r.returncode == 2 and f"{p}:2: invalid JSON line" in r.stderr and "not written: 1 file" in r.stderr
    assert not (tmp_path / "bl.json").exists()
