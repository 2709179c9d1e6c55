"""The repository as a pre-commit hook: the entries of .pre-commit-hooks.yaml, run as pre-commit runs them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from cxlint.cli import main
from cxlint.inputs import SUFFIXES


def test_pre_commit_hooks_run_as_declared(tmp_path, monkeypatch):
    """The hook entries of .pre-commit-hooks.yaml, run the way pre-commit runs them: every staged
    file whose name matches ``files`` is passed, hidden tooling files and config excludes included."""
    hooks = {h["id"]: h for h in yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"cxlint", "cxlint-fix"}
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".cxlint.yaml").write_text("exclude: ['drafts/*']\n", encoding="utf-8")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("name: ожидайте\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "wip.txt").write_text("Мы не можем вернуть деньги.", encoding="utf-8")
    (tmp_path / "reply.txt").write_text("Вернём 2 490 ₽ на карту до пятницы, 27 ноября.", encoding="utf-8")
    staged = [".cxlint.yaml", ".github/ci.yml", "drafts/wip.txt", "reply.txt"]
    for hook in hooks.values():
        assert hook["language"] == "python"
        files = [f for f in staged if re.search(hook["files"], f)]
        assert files == staged  # the pattern alone lets tooling files through …
        assert all(re.search(hook["files"], "x" + s) for s in SUFFIXES)  # … and covers every input type
        cmd = shlex.split(hook["entry"])
        assert cmd[0] == "cxlint"
        r = CliRunner().invoke(main, [*cmd[1:], *files])
        assert r.exit_code == 0, r.output  # … so the entry must skip them: only reply.txt is checked
