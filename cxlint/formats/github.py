"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request."""

from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "suggestion": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render(results, out, color: bool = False, rules=()) -> None:
    for r in results:
        for _, findings in r.messages:
            for f in findings:
                fix = f" → «{f.suggestions[0].replacement}»" if f.suggestions else ""
                out.write(
                    f"::{LEVELS[f.severity]} file={_prop(r.path)},line={f.line},col={f.column},"
                    f"endLine={f.end_line},endColumn={f.end_column},title={_prop(f.rule)}::{_data(f.message + fix)}\n"
                )
        for e in r.errors:  # after the messages: a streamed .jsonl meets its bad lines on the way
            line = f",line={e.line}" if e.line else ""
            out.write(f"::error file={_prop(r.path)}{line},title=cxlint::{_data(e.message)}\n")
