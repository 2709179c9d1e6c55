"""Baselines as a team adopting cxlint on legacy templates uses them: record once, fail only on new."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cxlint.cli import main

TEMPLATES = """\
refund:
  denied: "К сожалению, мы не можем вернуть деньги за этот заказ."
  late: Курьер задерживается, ожидайте.
  ok: "Вернём 2 490 ₽ на карту до пятницы."
"""


def cx(*args):
    return CliRunner().invoke(main, ["check", "--isolated", *args])


def findings(result):
    doc = json.loads(result.stdout)
    return [(m["id"], f["rule"], f["text"]) for fl in doc["files"] for m in fl["messages"] for f in m["findings"]]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "refunds.yaml").write_text(TEMPLATES, encoding="utf-8")
    r = cx("templates", "--baseline", ".cxlint-baseline.json", "--write-baseline")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "Recorded 2 findings in 1 file to .cxlint-baseline.json."
    return tmp_path


def test_recorded_findings_are_hidden_and_the_run_is_clean(repo):
    assert cx("templates").exit_code == 1  # without the baseline the legacy findings fail
    r = cx("templates", "--baseline", ".cxlint-baseline.json")
    assert r.exit_code == 0, r.stdout
    assert "All clear." in r.stdout and "2 findings hidden by the baseline .cxlint-baseline.json." in r.stdout


def test_the_file_is_versioned_sorted_relative_and_written_the_same_twice(repo):
    first = (repo / ".cxlint-baseline.json").read_bytes()
    doc = json.loads(first)
    assert doc["version"] == 1
    assert [(e["path"], e["message_id"], e["rule"], e["count"]) for e in doc["findings"]] == [
        ("templates/refunds.yaml", "refund.denied", "negative.cannot", 1),
        ("templates/refunds.yaml", "refund.late", "timeline.wait", 1),
    ]
    assert all("line" not in e and "start" not in e for e in doc["findings"])
    assert cx("templates", "--baseline", ".cxlint-baseline.json", "--write-baseline").exit_code == 0
    assert (repo / ".cxlint-baseline.json").read_bytes() == first


def test_survives_lines_added_above_and_other_messages_changed(repo):
    edited = "# Refund macros\n# owner: first line\n\n" + TEMPLATES.replace(
        "Вернём 2 490 ₽ на карту до пятницы.", "Вернём 3 100 ₽ на карту до понедельника, 1 декабря."
    )
    (repo / "templates" / "refunds.yaml").write_text(edited, encoding="utf-8")
    r = cx("templates", "--baseline", ".cxlint-baseline.json", "--format", "json")
    assert r.exit_code == 0 and findings(r) == []


def test_a_new_bad_message_fails_with_only_its_finding(repo):
    with open(repo / "templates" / "refunds.yaml", "a", encoding="utf-8") as f:
        f.write('  repair: "Стоимость ремонта — от 1 500 ₽."\n')
    r = cx("templates", "--baseline", ".cxlint-baseline.json", "--format", "json")
    assert r.exit_code == 1
    assert findings(r) == [("refund.repair", "pricing.from-price", "от 1 500 ₽")]
    text = cx("templates", "--baseline", ".cxlint-baseline.json")
    assert "Found 1 problem (1 warning) in 1 file" in text.stdout
    assert "2 findings hidden by the baseline" in text.stdout


def test_a_second_identical_finding_in_the_same_message_is_new(repo):
    denied = "К сожалению, мы не можем вернуть деньги за этот заказ."
    doubled = TEMPLATES.replace(denied, denied[:-1] + ". Повторю: мы не можем вернуть деньги за этот заказ.")
    (repo / "templates" / "refunds.yaml").write_text(doubled, encoding="utf-8")
    r = cx("templates", "--baseline", ".cxlint-baseline.json", "--format", "json")
    assert r.exit_code == 1
    assert findings(r) == [("refund.denied", "negative.cannot", "не можем вернуть деньги за этот заказ")]


def test_fixed_entries_are_counted_in_the_summary(repo):
    (repo / "templates" / "refunds.yaml").write_text(
        TEMPLATES.replace("Курьер задерживается, ожидайте.", "Курьер приедет до 14:00."), encoding="utf-8"
    )
    r = cx("templates", "--baseline", ".cxlint-baseline.json")
    assert r.exit_code == 0
    assert "1 baseline entry is fixed; rewrite the baseline to drop them (--write-baseline)." in r.stdout


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_every_format_drops_baselined_findings(repo, fmt):
    r = cx("templates", "--baseline", ".cxlint-baseline.json", "--format", fmt)
    assert r.exit_code == 0
    shown = {"json": lambda out: findings(r), "sarif": lambda out: json.loads(out)["runs"][0]["results"]}
    assert shown.get(fmt, lambda out: out)(r.stdout) in ([], "")
    assert r.stderr.strip() == "cxlint: 2 findings hidden by the baseline .cxlint-baseline.json."


def test_missing_baseline_is_an_error_and_is_not_created(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Мы не можем вернуть деньги.", encoding="utf-8")
    r = cx("a.txt", "--baseline", "missing.json")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == "cxlint: missing.json: baseline not found; create it with --write-baseline\n"
    assert not (tmp_path / "missing.json").exists()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("{not json", "bad.json:1: baseline is not valid JSON"),
        ('{"version": 2, "findings": []}', "bad.json: not a cxlint baseline"),
        ('{"version": 1, "findings": [{"path": "a.txt"}]}', "bad.json: baseline entry 1 needs"),
    ],
)
def test_malformed_baseline_is_one_line_naming_it(tmp_path, monkeypatch, content, error):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Мы не можем вернуть деньги.", encoding="utf-8")
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    r = cx("a.txt", "--baseline", "bad.json")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith(f"cxlint: {error}") and r.stderr.count("\n") == 1


def test_config_key_paths_are_relative_to_the_config(repo, monkeypatch):
    (repo / ".cxlint.yaml").write_text("baseline: .cxlint-baseline.json\n", encoding="utf-8")
    monkeypatch.chdir(repo / "templates")
    r = CliRunner().invoke(main, ["check", "."])
    assert r.exit_code == 0, r.stdout
    assert "2 findings hidden by the baseline" in r.stdout
    assert CliRunner().invoke(main, ["check", ".", "--no-baseline"]).exit_code == 1


def test_write_baseline_needs_a_file_and_a_clean_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Мы не можем вернуть деньги.", encoding="utf-8")
    r = cx("a.txt", "--write-baseline")
    assert r.exit_code == 2 and "--write-baseline needs --baseline FILE" in r.stderr
    (tmp_path / "broken.json").write_text('{"x": ', encoding="utf-8")
    r = cx("a.txt", "broken.json", "--baseline", "b.json", "--write-baseline")
    assert r.exit_code == 2 and not (tmp_path / "b.json").exists()
