"""SARIF 2.1.0 for GitHub code scanning and other CI dashboards: rules with help text, results
with locations, fixes as replacements."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}


def _rule(r) -> dict:
    help_md = f"**{r.title}**\n\n{r.why}\n\nRun `cxlint explain {r.id}` for examples."
    return {
        "id": r.id,
        "name": r.id.replace(".", "/"),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.why},
        "help": {"text": f"{r.title}\n\n{r.why}", "markdown": help_md},
        "defaultConfiguration": {"level": LEVELS[r.severity]},
        "properties": {"tags": [r.category, "customer-communication"]},
    }


def _region(msg, start: int, end: int) -> dict:
    line, col = msg.position(start)
    end_line, end_col = msg.position(end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _results(r, index: dict) -> Iterator[dict]:
    """The SARIF results of one file, one at a time as its messages stream in."""
    for msg, findings in r.messages:
        for f in findings:
            loc = {"physicalLocation": {"artifactLocation": {"uri": r.path}, "region": _region(msg, f.start, f.end)}}
            if msg.id != "1":
                loc["logicalLocations"] = [{"fullyQualifiedName": msg.id, "kind": "member"}]
            res = {
                "ruleId": f.rule,
                "level": LEVELS[f.severity],
                "message": {"text": f.message},
                "locations": [loc],
                # stable across unrelated edits: the rule, the message id and the flagged words
                "partialFingerprints": {
                    "cxlint/v1": hashlib.sha256(f"{f.rule}\0{msg.id}\0{f.text}".encode()).hexdigest()[:32]
                },
            }
            if f.rule in index:
                res["ruleIndex"] = index[f.rule]
            fixes = [
                {
                    "description": {"text": s.description or f"«{f.text}» → «{s.replacement}» ({s.safety})"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": r.path},
                            "replacements": [
                                {
                                    "deletedRegion": _region(msg, s.start, s.end),
                                    "insertedContent": {"text": s.replacement},
                                }
                            ],
                        }
                    ],
                }
                for s in f.suggestions
            ]
            if fixes:
                res["fixes"] = fixes
            yield res


def _notes(errors) -> list[dict]:
    return [{"level": "error", "message": {"text": str(e)}, "descriptor": {"id": "input-error"}} for e in errors]


def _skeleton(rules, results) -> dict:
    from .. import __version__

    run = {
        "tool": {
            "driver": {
                "name": "cxlint",
                "version": __version__,
                "informationUri": "https://pypi.org/project/cxlint/",
                "rules": [_rule(r) for r in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def document(results, rules=()) -> dict:
    rules = list(rules)
    index = {r.id: n for n, r in enumerate(rules)}
    results = list(results)
    doc = _skeleton(rules, [x for r in results for x in _results(r, index)])
    notes = _notes(e for r in results for e in r.errors)
    if notes:
        doc["runs"][0]["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notes}]
    return doc


def render(results, out, color: bool = False, rules=()) -> None:
    """Written as the results stream in; the same bytes as ``json.dump(document(...), indent=2)``."""
    from .json_format import dumps, write_items

    rules = list(rules)
    index = {r.id: n for n, r in enumerate(rules)}
    head, tail = dumps(_skeleton(rules, "\0"), 0).split('"\\u0000"')
    out.write(head)
    errors = []

    def each():
        for r in results:
            yield from _results(r, index)
            errors.extend(r.errors)

    write_items(out, each(), 3)
    if errors:
        inv = [{"executionSuccessful": False, "toolExecutionNotifications": _notes(errors)}]
        out.write(',\n      "invocations": ' + dumps(inv, 3))
    out.write(tail + "\n")
