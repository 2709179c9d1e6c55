"""The stable, versioned JSON of SPEC: every message appears with its score, clean ones with empty
findings and a score of 10.

Written as the results stream in, byte for byte what ``json.dump(document(results), indent=2)``
would print, so a million messages never sit in memory at once."""

from __future__ import annotations

import json

from ..scoring import score


def message_json(msg, findings) -> dict:
    """One entry of ``files[].messages``."""
    return {"id": msg.id, "score": score(findings, msg.text), "findings": [f.to_json() for f in findings]}


def document(results) -> dict:
    return {
        "version": 1,
        "files": [
            {
                "path": r.path,
                "messages": [message_json(m, fs) for m, fs in r.messages],
                **({"error": str(r.error)} if r.error else {}),
            }
            for r in results
        ],
    }


def dumps(obj, level: int) -> str:
    """``obj`` as ``json.dump(..., indent=2)`` prints it ``level`` levels deep (strings never hold a
    raw newline, so re-indenting every line is safe)."""
    return json.dumps(obj, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def write_items(out, items, level: int) -> None:
    """A JSON array, one item at a time, as ``indent=2`` would lay it out ``level`` levels deep."""
    pad = "\n" + "  " * (level + 1)
    n = 0
    for item in items:
        out.write(("[" if n == 0 else ",") + pad + dumps(item, level + 1))
        n += 1
    out.write("\n" + "  " * level + "]" if n else "[]")


def render(results, out, color: bool = False, rules=()) -> None:
    out.write('{\n  "version": 1,\n  "files": ')
    n = 0
    for r in results:
        out.write(("[" if n == 0 else ",") + '\n    {\n      "path": ' + dumps(r.path, 3) + ',\n      "messages": ')
        write_items(out, (message_json(m, fs) for m, fs in r.messages), 3)
        if r.error:  # known once the messages are read: a bad .jsonl line is met on the way
            out.write(',\n      "error": ' + dumps(str(r.error), 3))
        out.write("\n    }")
        n += 1
    out.write("\n  ]\n}\n" if n else "[]\n}\n")
