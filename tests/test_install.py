"""cxlint laid out as a wheel installs it (rules/ as the package data cxlint/builtin_rules, per
pyproject's package-dir), not as a checkout: the shipped rules are found."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_an_installed_package_finds_its_rules(tmp_path):
    site = tmp_path / "site-packages"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "cxlint", site / "cxlint", ignore=ignore)
    shutil.copytree(ROOT / "rules", site / "cxlint" / "builtin_rules", ignore=ignore)
    code = "import cxlint; print(cxlint.__file__); print(*[f.rule for f in cxlint.check('Ожидайте ответа.')])"
    env = {**os.environ, "PYTHONPATH": str(site), "CXLINT_NO_CACHE": "1"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    where, rules = r.stdout.splitlines()
    assert where.startswith(str(site)) and rules == "timeline.wait"
