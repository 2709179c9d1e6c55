"""The stable, versioned JSON of SPEC: every message appears with its score, clean ones with empty
findings and a score of 10."""

from __future__ import annotations

import json

from ..scoring import score


def document(results) -> dict:
    return {
        "version": 1,
        "files": [
            {
                "path": r.path,
                "messages": [
                    {"id": m.id, "score": score(fs, m.text), "findings": [f.to_json() for f in fs]}
                    for m, fs in r.messages
                ],
                **({"error": str(r.error)} if r.error else {}),
            }
            for r in results
        ],
    }


def render(results, out, color: bool = False, rules=()) -> None:
    json.dump(document(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
