"""Configuration: ``.cxlint.yaml`` or ``[tool.cxlint]`` in ``pyproject.toml``, found upwards.

Every key is validated; a bad one is reported with its file and line. The keys are listed in the README.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .rules import SEVERITIES
from .yamlio import InputError, Node, load

KEYS = {
    "select",
    "ignore",
    "severity",
    "fail-on",
    "rules",
    "placeholders",
    "exclude",
    "per-file-ignores",
    "slot-format",
    "placeholder-names",
    "baseline",
    "audit",
}
AUDIT_KEYS = ("text-field", "role-field", "agent-role", "agent-field", "conversation-field", "time-field")


@dataclass
class Config:
    path: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    rules: list[Path] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    placeholder_names: list[str] = field(default_factory=list)  # known names; others are template.unknown-placeholder
    slot_format: str = "[{}]"
    exclude: list[str] = field(default_factory=list)
    baseline: Path | None = None  # findings recorded by --write-baseline, hidden from check
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    audit: dict[str, str] = field(default_factory=dict)  # cxlint audit: column names of exports
    lines: dict[str, int] = field(default_factory=dict)  # key → line, for later errors (unknown ids)

    def where(self, key: str) -> tuple[str, int | None]:
        return str(self.path), self.lines.get(key)


def find(start: Path) -> Path | None:
    """The nearest ``.cxlint.yaml`` (or a pyproject.toml with [tool.cxlint]) from ``start`` up."""
    for d in [start, *start.parents]:
        for name in (".cxlint.yaml", ".cxlint.yml"):
            if (d / name).is_file():
                return d / name
        pp = d / "pyproject.toml"
        if pp.is_file() and re.search(r"^\[tool\.cxlint[\].]", pp.read_text(encoding="utf-8", errors="replace"), re.M):
            return pp
    return None


def load_config(path: Path) -> Config:
    if not path.is_file():
        raise InputError(path, None, "config file not found")
    if path.name == "pyproject.toml":
        import tomllib  # only here: most runs read no TOML, and importing it costs a cold start 15 ms

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("cxlint", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise InputError(path, None, f"invalid TOML: {e}") from None
        text = path.read_text(encoding="utf-8")
        lines = {k: _toml_line(text, k) for k in data}
    else:
        data = load(path)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise InputError(path, 1, "the config must be a mapping of keys such as select, ignore, severity")
        lines = dict(data.key_lines) if isinstance(data, Node) else {}
    return _parse(data, path, lines)


def _toml_line(text: str, key: str) -> int | None:
    m = re.search(rf"^\s*\"?{re.escape(key)}\"?\s*=", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _parse(data: dict, path: Path, lines: dict) -> Config:
    cfg = Config(path=path, lines=lines)

    def err(key, msg):
        raise InputError(path, lines.get(key), msg)

    def str_list(key) -> list[str]:
        v = data[key]
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            err(key, f"{key} must be a list of strings")
        return list(v)

    for k in data:
        if k not in KEYS:
            near = difflib.get_close_matches(str(k), sorted(KEYS), n=1)
            err(k, f"unknown config key {k!r}" + (f" (did you mean {near[0]!r}?)" if near else ""))
    if "select" in data:
        cfg.select = str_list("select")
    if "ignore" in data:
        cfg.ignore = str_list("ignore")
    if "exclude" in data:
        cfg.exclude = str_list("exclude")
    if "severity" in data:
        sev = data["severity"]
        if not isinstance(sev, dict) or not all(v in SEVERITIES for v in sev.values()):
            err("severity", f"severity maps rule ids or categories to one of {', '.join(SEVERITIES)}")
        cfg.severity = {str(k): v for k, v in sev.items()}
    if "fail-on" in data:
        if data["fail-on"] not in SEVERITIES:
            err("fail-on", f"fail-on must be one of {', '.join(SEVERITIES)}")
        cfg.fail_on = data["fail-on"]
    if "rules" in data:
        cfg.rules = [(path.parent / p).resolve() for p in str_list("rules")]
        for p in cfg.rules:
            if not p.is_dir():
                err("rules", f"rule folder {p} not found")
    if "placeholders" in data:
        cfg.placeholders = str_list("placeholders")
        for p in cfg.placeholders:
            try:
                re.compile(p)
            except re.error as e:
                err("placeholders", f"placeholder pattern {p!r} is not a valid regex: {e}")
    if "placeholder-names" in data:
        cfg.placeholder_names = str_list("placeholder-names")
        for n in cfg.placeholder_names:
            if not re.fullmatch(r"[A-Za-z_][\w.]*", n):
                err("placeholder-names", f"placeholder-names: {n!r} is not a name like order_id or user.name")
    if "slot-format" in data:
        from .placeholders import compile_syntaxes

        try:
            compile_syntaxes(slot_format=str(data["slot-format"]))
        except ValueError as e:
            err("slot-format", f"slot-format: {e}")
        cfg.slot_format = str(data["slot-format"])
    if "baseline" in data:
        if not isinstance(data["baseline"], str) or not data["baseline"].strip():
            err("baseline", "baseline is the path of a baseline file, relative to this config")
        cfg.baseline = path.parent / data["baseline"]
    if "per-file-ignores" in data:
        pfi = data["per-file-ignores"]
        if not isinstance(pfi, dict) or not all(isinstance(v, list | str) for v in pfi.values()):
            err("per-file-ignores", "per-file-ignores maps file globs to lists of rule ids or categories")
        cfg.per_file_ignores = {k: [v] if isinstance(v, str) else list(v) for k, v in pfi.items()}
    if "audit" in data:
        cfg.audit = _audit(data["audit"], path, lines.get("audit"))
    return cfg


def _audit(value, path: Path, line: int | None) -> dict[str, str]:
    """The ``audit:`` mapping: column names (strings) under the keys of AUDIT_KEYS."""
    if not isinstance(value, dict):
        raise InputError(path, line, f"audit maps {', '.join(AUDIT_KEYS)} to column names")
    for k, v in value.items():
        at = value.line_of(k) if isinstance(value, Node) else line
        if k not in AUDIT_KEYS:
            near = difflib.get_close_matches(str(k), AUDIT_KEYS, n=1)
            raise InputError(path, at, f"unknown audit key {k!r}" + (f" (did you mean {near[0]!r}?)" if near else ""))
        if not isinstance(v, str) or (not v.strip() and k in ("text-field", "agent-role")):
            raise InputError(path, at, f"audit: {k} must be a column name (a string)")
    return dict(value)
