"""GitLab Code Quality: a JSON array of issues that GitLab shows in merge requests
(``artifacts: reports: codequality``)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .sarif import _fingerprint, numbered, relative

SEVERITY = {"error": "major", "warning": "minor", "suggestion": "info"}


def _path(path: str, cwd: Path) -> str:
    return relative(path, cwd) or PurePosixPath(*Path(path).parts).as_posix()


def _issues(results, cwd: Path):
    for r, msg, f, nth in numbered(results):
        yield {
            "description": f.message,
            "check_name": f.rule,
            "fingerprint": _fingerprint(r.path, msg.id, f, nth),
            "severity": SEVERITY[f.severity],
            "location": {
                "path": _path(r.path, cwd),
                "positions": {
                    "begin": {"line": f.line, "column": f.column},
                    "end": {"line": f.end_line, "column": f.end_column},
                },
            },
        }


def document(results, cwd: Path | None = None) -> list[dict]:
    return list(_issues(results, (cwd or Path.cwd()).resolve()))


def render(results, out, color: bool = False, rules=()) -> None:
    """Written as the results stream in; the same bytes as ``json.dump(document(...), indent=2)``."""
    from .json_format import write_items

    write_items(out, _issues(results, Path.cwd().resolve()), 0)
    out.write("\n")
