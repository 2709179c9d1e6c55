"""SARIF 2.1.0 for GitHub code scanning and other CI dashboards: rules with help text, results
with locations relative to the checkout, fixes as replacements, and fingerprints that follow a
finding when lines move.

Columns are code points, as in the rest of cxlint (``columnKind: unicodeCodePoints``); replacement
text is encoded the way the file stores the string (JSON, YAML and .po escapes), so a fix applied to
the file's region is valid in the file.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path, PurePosixPath
from urllib.parse import quote

LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
ROOT = "%SRCROOT%"


def _rule(r) -> dict:
    help_md = f"**{r.title}**\n\n{r.why}\n\nRun `cxlint explain {r.id}` for examples."
    return {
        "id": r.id,
        "name": r.id.replace(".", "/"),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.why},
        "help": {"text": f"{r.title}\n\n{r.why}\n\ncxlint explain {r.id}", "markdown": help_md},
        "defaultConfiguration": {"level": LEVELS[r.severity]},
        "properties": {"tags": [r.category, "customer-communication"]},
    }


def relative(path: str, cwd: Path) -> str | None:
    """The path relative to the checkout, with forward slashes; None when it lies outside."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(cwd)
        except ValueError:
            return None
    return PurePosixPath(*p.parts).as_posix()


def _artifact(path: str, cwd: Path) -> dict:
    """A URI relative to the checkout (GitHub matches alerts by it), or an absolute file URI."""
    rel = relative(path, cwd)
    if rel is None:
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": ROOT}


def _region(msg, start: int, end: int) -> dict:
    line, col = msg.position(start)
    end_line, end_col = msg.end_position(end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _encoded(msg, s: str) -> str:
    """``s`` as the file stores it inside this message's string."""
    if msg.style in ("json", "double"):
        return json.dumps(s, ensure_ascii=False)[1:-1]
    if msg.style == "single":
        return s.replace("'", "''")
    if msg.style == "po":
        from ..po import escape

        return escape(s)
    return s


def _fingerprint(path: str, msg_id: str, f, nth: int) -> str:
    # the rule, the message id and the flagged words — not the line — so an alert survives edits
    # above it; ``nth`` tells apart two identical findings in one message
    key = "\0".join([path, f.rule, msg_id, f.text, str(nth)])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def numbered(results):
    """(file result, message, finding, n): n counts identical findings (rule and words) in one
    message, so fingerprints tell them apart."""
    for r in results:
        for msg, findings in r.messages:
            seen: Counter = Counter()
            for f in findings:
                seen[(f.rule, f.text)] += 1
                yield r, msg, f, seen[(f.rule, f.text)]


def _result(r, artifact, msg, f, index, nth) -> dict:
    loc = {"physicalLocation": {"artifactLocation": artifact, "region": _region(msg, f.start, f.end)}}
    if msg.id != "1":
        loc["logicalLocations"] = [{"fullyQualifiedName": msg.id, "kind": "member"}]
    res = {
        "ruleId": f.rule,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [loc],
        "partialFingerprints": {"cxlint/v1": _fingerprint(r.path, msg.id, f, nth)},
    }
    if f.rule in index:
        res["ruleIndex"] = index[f.rule]
    fixes = [
        {
            "description": {"text": s.description or f"«{f.text}» → «{s.replacement}»"},
            "artifactChanges": [
                {
                    "artifactLocation": artifact,
                    "replacements": [
                        {
                            "deletedRegion": _region(msg, s.start, s.end),
                            "insertedContent": {"text": _encoded(msg, s.replacement)},
                        }
                    ],
                }
            ],
        }
        for s in f.suggestions
        if s.safety != "display"  # display-only suggestions need a person; they are not fixes
    ]
    if fixes:
        res["fixes"] = fixes
    return res


def _note(r, e, cwd: Path) -> dict:
    return {
        "level": "error",
        "message": {"text": str(e)},
        "descriptor": {"id": "input-error"},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(r.path, cwd)}}],
    }


def _run(rules, cwd: Path, results) -> dict:
    """The run without its invocation, which is known only once every file has been read (a
    streamed .jsonl meets its bad lines on the way), so it comes after the results."""
    from .. import __version__

    return {
        "tool": {
            "driver": {
                "name": "cxlint",
                "version": __version__,
                "semanticVersion": __version__,
                **({"informationUri": home} if (home := _homepage()) else {}),
                "rules": [_rule(r) for r in rules],
            }
        },
        "originalUriBaseIds": {ROOT: {"uri": cwd.as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }


def _invocations(notes: list[dict]) -> list[dict]:
    return [{"executionSuccessful": not notes, **({"toolExecutionNotifications": notes} if notes else {})}]


def _each(results, cwd: Path, index: dict, notes: list[dict]):
    """SARIF results one at a time as the files stream in; each file's input errors go to ``notes``
    once its messages are read."""
    for r in results:
        artifact = _artifact(r.path, cwd)
        for _, msg, f, nth in numbered((r,)):
            yield _result(r, artifact, msg, f, index, nth)
        notes.extend(_note(r, e, cwd) for e in r.errors)


def document(results, rules=(), cwd: Path | None = None) -> dict:
    cwd = (cwd or Path.cwd()).resolve()
    rules = list(rules)
    notes: list[dict] = []
    run = _run(rules, cwd, list(_each(results, cwd, {r.id: n for n, r in enumerate(rules)}, notes)))
    run["invocations"] = _invocations(notes)
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _homepage() -> str | None:
    """The project's home from the installed package's metadata. Not a PyPI link: the name cxlint
    on PyPI belongs to an unrelated project."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("cxlint")
    except PackageNotFoundError:
        return None
    urls = [u.split(",", 1)[1].strip() for u in meta.get_all("Project-URL") or [] if "," in u]
    return next((u for u in urls if u.startswith("https://")), None) or meta.get("Home-page")


def render(results, out, color: bool = False, rules=(), cwd: Path | None = None) -> None:
    """Written as the results stream in; the same bytes as ``json.dump(document(...), indent=2)``."""
    from .json_format import dumps, write_items

    cwd = (cwd or Path.cwd()).resolve()
    rules = list(rules)
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [_run(rules, cwd, "\0")]}
    head, tail = dumps(doc, 0).split('"\\u0000"')
    out.write(head)
    notes: list[dict] = []
    write_items(out, _each(results, cwd, {r.id: n for n, r in enumerate(rules)}, notes), 3)
    out.write(',\n      "invocations": ' + dumps(_invocations(notes), 3))
    out.write(tail + "\n")
