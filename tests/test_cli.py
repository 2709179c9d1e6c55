"""The command line as users run it: through click's runner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cxlint.cli import main

BAD = "Здравствуйте! К сожалению, мы не сможем вернуть деньги."
GOOD = "Здравствуйте! Вернём 2 490 ₽ на карту до пятницы, 27 ноября."


def run(*args, stdin=None, cwd=None):
    runner = CliRunner()
    if cwd is not None:
        with runner.isolated_filesystem(temp_dir=cwd):
            return runner.invoke(main, list(args), input=stdin)
    return runner.invoke(main, ["--help"] if not args else list(args), input=stdin)


def as_json(result):
    return json.loads(result.stdout)


def findings(doc):
    return [f for fl in doc["files"] for m in fl["messages"] for f in m["findings"]]


def test_stdin_json_bad_and_good():
    r = run("check", "--isolated", "--format", "json", "-", stdin=BAD)
    assert r.exit_code == 1
    fs = findings(as_json(r))
    assert any(f["category"] == "negative" for f in fs)
    for f in fs:
        assert BAD[f["start"] : f["end"]] == f["text"]
    r = run("check", "--isolated", "--format", "json", "-", stdin=GOOD)
    assert r.exit_code == 0 and findings(as_json(r)) == []


def test_text_format_shows_location_rule_and_marked_words():
    r = run("check", "--isolated", "-", stdin=BAD)
    assert r.exit_code == 1
    assert "-:1:" in r.stdout and "negative." in r.stdout
    assert "^^^" in r.stdout  # the flagged words are marked under the line
    assert "Found" in r.stdout


def test_fail_on_error_lets_warnings_pass():
    r = run("check", "--isolated", "--fail-on", "error", "--select", "negative", "-", stdin=BAD)
    assert r.exit_code == 0, r.stdout


def test_select_and_ignore(tmp_path):
    r = run("check", "--isolated", "--format", "json", "--ignore", "negative", "-", stdin=BAD)
    assert all(f["category"] != "negative" for f in findings(as_json(r)))
    r = run("check", "--isolated", "--select", "no.such-rule", "-", stdin=BAD)
    assert r.exit_code == 2 and "unknown rule or category 'no.such-rule'" in r.stderr


def test_folder_recursion_and_a_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "a" / "broken.json").write_text('{"x": ', encoding="utf-8")
    (tmp_path / "a" / "latin1.txt").write_bytes("не можем".encode("cp1251"))
    (tmp_path / "a" / "skip.bin").write_bytes(b"\x00\x01")
    r = run("check", "--isolated", "--format", "json", str(tmp_path))
    assert r.exit_code == 2
    doc = as_json(r)
    paths = [f["path"] for f in doc["files"]]
    assert any(p.endswith("one.txt") for p in paths) and not any(p.endswith("skip.bin") for p in paths)
    assert any(f["category"] == "negative" for f in findings(doc))
    lines = [ln for ln in r.stderr.splitlines() if ln]
    assert len(lines) == 2 and all(ln.startswith("cxlint: ") for ln in lines)
    assert any("broken.json:1: invalid JSON" in ln for ln in lines)
    assert any("latin1.txt: not UTF-8" in ln for ln in lines)


def test_missing_path_is_exit_2():
    r = run("check", "--isolated", "nope.txt")
    assert r.exit_code == 2 and "nope.txt: no such file or folder" in r.stderr


def test_empty_input_is_clean():
    r = run("check", "--isolated", "--format", "json", "-", stdin="")
    assert r.exit_code == 0
    assert as_json(r)["files"][0]["messages"][0]["findings"] == []


def test_stdin_filename_gives_the_type():
    r = run(
        "check",
        "--isolated",
        "--format",
        "json",
        "--stdin-filename",
        "macros.yaml",
        "-",
        stdin="refund:\n  denied: Мы не можем вернуть деньги.\n",
    )
    doc = as_json(r)
    assert doc["files"][0]["path"] == "macros.yaml"
    assert doc["files"][0]["messages"][0]["id"] == "refund.denied"
    assert findings(doc)[0]["line"] == 2


def test_config_is_found_upwards_and_validated(tmp_path):
    (tmp_path / ".cxlint.yaml").write_text("ignore: [negative]\n", encoding="utf-8")
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    (sub / "r.txt").write_text(BAD, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "cxlint", "check", "--format", "json", "r.txt"], cwd=sub, capture_output=True, text=True
    )
    assert all(f["category"] != "negative" for f in findings(json.loads(r.stdout)))
    (tmp_path / ".cxlint.yaml").write_text("select: [negative]\nignore: [negativ]\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "cxlint", "check", "r.txt"], cwd=sub, capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.strip() == f"cxlint: {tmp_path / '.cxlint.yaml'}:2: unknown rule or category 'negativ'"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("selec: [negative]\n", ":1: unknown config key 'selec' (did you mean 'select'?)"),
        ("fail-on: never\n", ":1: fail-on must be one of suggestion, warning, error"),
        ("select: [negative\n", ": invalid YAML"),
        ("severity:\n  negative: fatal\n", ":1: severity maps"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(tmp_path, config, message):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(config, encoding="utf-8")
    r = run("check", "--config", str(cfg), "-", stdin=BAD)
    assert r.exit_code == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_pyproject_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.cxlint]\nignore = ["negative"]\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(BAD, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "cxlint", "check", "--format", "json", "r.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert all(f["category"] != "negative" for f in findings(json.loads(r.stdout)))


def test_broken_rule_file_names_file_and_line(tmp_path):
    d = tmp_path / "myrules" / "negative"
    d.mkdir(parents=True)
    (d / "money.yaml").write_text(
        "id: negative.money\ntitle: t\nseverity: warning\nmessage: m\nwhy: w\n"
        "match:\n  - [{lemma: деньги}]\nexamples:\n  - bad: деньги\n  - good: нет\n",
        encoding="utf-8",
    )
    r = run("check", "--isolated", "--rules", str(tmp_path / "myrules"), "-", stdin=BAD)
    assert r.exit_code == 2
    assert "money.yaml:7: pymorphy3 never produces the lemma 'деньги'; it lemmatises 'деньги' as 'деньга'" in r.stderr
    (d / "money.yaml").write_text("id: negative.money\ntitle: t\nseverity: loud\n", encoding="utf-8")
    r = run("check", "--isolated", "--rules", str(tmp_path / "myrules"), "-", stdin=BAD)
    assert r.exit_code == 2 and "money.yaml:" in r.stderr and "Traceback" not in r.output


def test_user_rule_folder_adds_rules(tmp_path):
    d = tmp_path / "house"
    d.mkdir()
    (d / "promo.yaml").write_text(
        "id: bureaucratese.promo\ntitle: «Промокод» без срока\nseverity: suggestion\n"
        "message: Скажите, до какого числа действует «{match}».\nwhy: Клиенту важно знать срок.\n"
        "match: [промокод]\nunless: {has: [time]}\n"
        "examples:\n  - bad: Вот ваш [[промокод]].\n  - good: Промокод действует до 1 мая.\n",
        encoding="utf-8",
    )
    r = run(
        "check",
        "--isolated",
        "--rules",
        str(d),
        "--format",
        "json",
        "--fail-on",
        "suggestion",
        "-",
        stdin="Держите промокод на скидку.",
    )
    assert r.exit_code == 1
    assert [f["rule"] for f in findings(as_json(r))] == ["bureaucratese.promo"]


def test_inline_suppression_in_markdown(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(
        "<!-- cxlint: ignore negative -- clarified by legal -->\nМы не можем вернуть деньги.\n", encoding="utf-8"
    )
    r = run("check", "--isolated", "--format", "json", "--select", "negative", str(p))
    assert r.exit_code == 0 and findings(as_json(r)) == []


def test_rules_and_explain():
    r = run("rules", "--isolated")
    assert r.exit_code == 0 and "negative.cannot" in r.stdout
    r = run("explain", "--isolated", "negative.cannot")
    assert r.exit_code == 0 and "✗" in r.stdout and "✓" in r.stdout
    r = run("explain", "--isolated", "negative.canot")
    assert r.exit_code == 2 and "did you mean 'negative.cannot'" in r.stderr


def test_real_subprocess_module_and_script():
    r = subprocess.run(
        [sys.executable, "-m", "cxlint", "check", "--isolated", "--format", "json", "-"],
        input=BAD,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1 and json.loads(r.stdout)["files"][0]["messages"][0]["id"] == "1"
    r = subprocess.run(
        [sys.executable, "-m", "cxlint", "check", "--isolated", "-"], input=b"\xff\xfe", capture_output=True
    )
    assert r.returncode == 2 and b"Traceback" not in r.stderr and b"not UTF-8" in r.stderr


# A frozen rule, so that the format tests pin the formats, not the shipped rules' spans.
FIXTURE = ("--rules", str(Path(__file__).parent / "fixtures" / "rules"), "--select", "negative.fixture")


def test_sarif_output(tmp_path):
    p = tmp_path / "macros.yaml"
    p.write_text("refund:\n  denied: Мы не можем вернуть деньги.\n", encoding="utf-8")
    r = run("check", "--isolated", "--format", "sarif", *FIXTURE, str(p))
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["version"] == "2.1.0"
    run_ = doc["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [x["id"] for x in rules] == ["negative.fixture"]
    assert all(x["help"]["text"] and x["shortDescription"]["text"] for x in rules)
    res = run_["results"][0]
    assert res["ruleId"] == "negative.fixture" and res["level"] == "warning"
    assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    region = res["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (2, 14)
    assert res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "refund.denied"
    assert res["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]


def test_github_annotations():
    r = run(
        "check",
        "--isolated",
        "--format",
        "github",
        *FIXTURE,
        "-",
        stdin="Ок.\nМы не можем вернуть деньги.",
    )
    assert r.exit_code == 1
    line = r.stdout.strip().splitlines()[0]
    assert line.startswith("::warning file=-,line=2,col=4,endLine=2,endColumn=20,title=negative.fixture::")


def test_each_file_uses_the_config_nearest_to_it(tmp_path):
    repo = tmp_path / "templates"
    repo.mkdir()
    (repo / ".cxlint.yaml").write_text("severity: {negative: error}\n", encoding="utf-8")
    (repo / "a.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BAD, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "cxlint", "check", "--format", "json", "--select", "negative", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    by_file = {
        fl["path"]: {f["severity"] for m in fl["messages"] for f in m["findings"]}
        for fl in json.loads(r.stdout)["files"]
    }
    assert by_file == {"b.txt": {"warning"}, "templates/a.txt": {"error"}}
    r = subprocess.run(
        [sys.executable, "-m", "cxlint", "check", "--isolated", "--format", "json", "--select", "negative", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert {f["severity"] for fl in json.loads(r.stdout)["files"] for m in fl["messages"] for f in m["findings"]} == {
        "warning"
    }
