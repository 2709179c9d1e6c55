"""SARIF as GitHub code scanning takes it: valid against the official 2.1.0 schema (tests/data),
with the properties GitHub's «SARIF support for code scanning» asks for, regions that point at the
flagged words, fixes that can be applied, and fingerprints that survive lines moving."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from cxlint.cli import main
from cxlint.formats.sarif import _encoded

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# a file whose findings carry safe, unsafe and display suggestions, with escapes before them
WITH_FIXES = {
    "fixes.json": json.dumps(
        {
            "a": 'Заказ "Люкс" задерживается, ожидайте.\nДоставим в ближайшее время.',
            "b": "В связи с вышеизложенным сообщаем: данный товар нет в наличии.",
            "c": "Стоимость ремонта — от 1 500 ₽.",
        },
        ensure_ascii=False,
        indent=2,
    ),
    "ответы.yaml": "late: 'Курьер задерживается, ожидайте.'\nsoon: \"Ответим «скоро».\"\n",
}


@pytest.fixture
def repo(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples" / "templates", tmp_path / "templates")
    for name, text in WITH_FIXES.items():
        (tmp_path / "templates" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sarif(*args):
    r = CliRunner().invoke(main, ["check", "--format", "sarif", *args])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def findings_json(*args):
    r = CliRunner().invoke(main, ["check", "--format", "json", *args])
    return json.loads(r.stdout)


def test_valid_against_the_official_schema(repo):
    doc = sarif("templates")
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    run = doc["runs"][0]
    assert run["results"], "the examples have findings"
    assert any("fixes" in r for r in run["results"])
    # every file type of the examples is there, the .po too
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert {u.rsplit(".", 1)[-1] for u in uris} >= {"json", "jsonl", "yaml", "po"}


def test_what_github_code_scanning_requires(repo):
    run = sarif("templates")["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "cxlint" and driver["version"]
    # informationUri comes from the package's Project-URL; never the PyPI page of the other «cxlint»
    assert driver.get("informationUri", "https://").startswith("https://")
    assert "pypi.org/project/cxlint" not in json.dumps(driver)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run["columnKind"] == "unicodeCodePoints"
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note") and res["message"]["text"]
        art = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert art["uriBaseId"] == "%SRCROOT%" and art["uri"].startswith("templates/")
        assert art["uri"].isascii() and " " not in art["uri"]  # percent-encoded: «ответы.yaml»
        region = res["locations"][0]["physicalLocation"]["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert res["partialFingerprints"]["cxlint/v1"]
    assert any(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "templates/%D0%BE%D1%82%D0%B2%D0%B5%D1%82%D1%8B.yaml"
        for r in run["results"]
    )


def _file_line(repo, res, key="region"):
    art = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    from urllib.parse import unquote

    return (repo / unquote(art)).read_text(encoding="utf-8").split("\n")


def test_regions_point_at_the_flagged_words_in_the_file(repo):
    """Code-point columns: the file's characters in the region are the finding, as the file encodes it."""
    doc = findings_json("templates")
    flagged = {
        (fl["path"], f["line"], f["column"]): (m, f)
        for fl in doc["files"]
        for m in fl["messages"]
        for f in m["findings"]
    }
    run = sarif("templates")["runs"][0]
    from cxlint import inputs

    checked = 0
    for res in run["results"]:
        reg = res["locations"][0]["physicalLocation"]["region"]
        if reg["startLine"] != reg["endLine"]:
            continue
        lines = _file_line(repo, res)
        from urllib.parse import unquote

        path = unquote(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        m, f = flagged[(str(Path(path)), reg["startLine"], reg["startColumn"])]
        msg = next(x for x in inputs.read(Path(path)) if x.id == m["id"])
        assert lines[reg["startLine"] - 1][reg["startColumn"] - 1 : reg["endColumn"] - 1] == _encoded(msg, f["text"])
        checked += 1
    assert checked >= 10


def test_fixes_are_the_applicable_suggestions_and_apply_cleanly(repo):
    doc = findings_json("templates")
    applicable = sum(
        s["safety"] != "display"
        for fl in doc["files"]
        for m in fl["messages"]
        for f in m["findings"]
        for s in f["suggestions"]
    )
    shown = sum(
        s["safety"] == "display"
        for fl in doc["files"]
        for m in fl["messages"]
        for f in m["findings"]
        for s in f["suggestions"]
    )
    assert shown, "the examples include display-only suggestions, which must not become fixes"
    run = sarif("templates")["runs"][0]
    fixes = [fx for r in run["results"] for fx in r.get("fixes", [])]
    assert len(fixes) == applicable
    # applying a fix to fixes.json gives valid JSON whose message holds the replacement
    path = repo / "templates" / "fixes.json"
    for res in run["results"]:
        for fx in res.get("fixes", []):
            change = fx["artifactChanges"][0]
            if change["artifactLocation"]["uri"] != "templates/fixes.json":
                continue
            (rep,) = change["replacements"]
            reg = rep["deletedRegion"]
            assert reg["startLine"] == reg["endLine"]
            lines = path.read_text(encoding="utf-8").split("\n")
            ln = lines[reg["startLine"] - 1]
            lines[reg["startLine"] - 1] = (
                ln[: reg["startColumn"] - 1] + rep["insertedContent"]["text"] + ln[reg["endColumn"] - 1 :]
            )
            fixed = json.loads("\n".join(lines))
            assert any(json.loads('"' + rep["insertedContent"]["text"] + '"') in v for v in fixed.values())


def test_fingerprints_are_distinct_and_survive_lines_added_above(repo):
    def prints():
        run = sarif("templates")["runs"][0]
        return [(r["ruleId"], r["partialFingerprints"]["cxlint/v1"]) for r in run["results"]]

    before = prints()
    assert len({p for _, p in before}) == len(before)
    y = repo / "templates" / "refunds.yaml"
    y.write_text("# moved down by a new header\n\n" + y.read_text(encoding="utf-8"), encoding="utf-8")
    assert sorted(prints()) == sorted(before)


def test_input_errors_are_notifications(repo):
    (repo / "templates" / "broken.json").write_text('{"x": ', encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--format", "sarif", "templates"])
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    (inv,) = doc["runs"][0]["invocations"]
    assert inv["executionSuccessful"] is False
    assert "broken.json:1: invalid JSON" in inv["toolExecutionNotifications"][0]["message"]["text"]
