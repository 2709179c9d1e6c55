"""GitLab Code Quality report: the fields GitLab reads, relative paths and unique fingerprints."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from cxlint.cli import main

ROOT = Path(__file__).parent.parent


def test_code_quality_report(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples" / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "--format", "gitlab", "templates"])
    assert r.exit_code == 1
    issues = json.loads(r.stdout)
    as_json = json.loads(CliRunner().invoke(main, ["check", "--format", "json", "templates"]).stdout)
    expected = [
        (fl["path"], f["rule"], f["line"]) for fl in as_json["files"] for m in fl["messages"] for f in m["findings"]
    ]
    got = [(i["location"]["path"], i["check_name"], i["location"]["positions"]["begin"]["line"]) for i in issues]
    assert got == expected and got
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    for i in issues:
        assert i["description"] and i["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert i["location"]["path"].startswith("templates/")
    # severities follow the config: pricing is an error in the examples' .cxlint.yaml
    assert {i["severity"] for i in issues if i["check_name"].startswith("pricing.")} == {"major"}
