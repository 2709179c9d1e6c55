"""SARIF 2.1.0 for GitHub code scanning and other CI dashboards: rules with help text, results
with locations, fixes as replacements."""

from __future__ import annotations

import hashlib
import json

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


def document(results, rules=()) -> dict:
    from .. import __version__

    rules = list(rules)
    index = {r.id: n for n, r in enumerate(rules)}
    out = []
    for r in results:
        for msg, findings in r.messages:
            for f in findings:
                loc = {
                    "physicalLocation": {"artifactLocation": {"uri": r.path}, "region": _region(msg, f.start, f.end)}
                }
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
                out.append(res)
    notes = [
        {"level": "error", "message": {"text": str(r.error)}, "descriptor": {"id": "input-error"}}
        for r in results
        if r.error
    ]
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
        "results": out,
    }
    if notes:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notes}]
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def render(results, out, color: bool = False, rules=()) -> None:
    json.dump(document(results, rules), out, ensure_ascii=False, indent=2)
    out.write("\n")
