"""A baseline: today's findings recorded once, so CI fails only on new ones.

An entry is a file (relative to the baseline's folder), a message id, a rule id and the flagged
words, with a count. Line numbers and offsets are left out on purpose: adding lines above a message
or editing another message must not turn old findings into new ones. Counts make it a multiset: a
second «не можем» in a message that had one is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .yamlio import InputError

VERSION = 1
Key = tuple[str, str, str, str]  # path, message id, rule id, text


@dataclass
class Applied:
    """What a baseline did to one run: findings it hid, and entries no finding matched any more."""

    path: Path
    hidden: int = 0
    fixed: int = 0

    def note(self) -> str:
        """«12 findings hidden by the baseline …; 2 baseline entries are fixed …», for summaries."""
        h, f = self.hidden, self.fixed
        try:
            shown = os.path.relpath(self.path)
        except ValueError:
            shown = str(self.path)
        parts = [f"{h} finding{'s' if h != 1 else ''} hidden by the baseline {shown}"] if h else []
        if f:
            parts.append(
                f"{f} baseline entr{'ies are' if f != 1 else 'y is'} fixed; rewrite the baseline to drop them "
                "(--write-baseline)"
            )
        return "; ".join(parts) + "."


def _rel(base: Path, shown: str) -> str:
    if shown == "-":
        return shown
    try:
        return Path(os.path.relpath(Path(shown).resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(shown).resolve().as_posix()


def keys(results, base: Path) -> Counter[Key]:
    """The findings of a run as baseline keys, counted (one pass over a stream of results)."""
    out: Counter[Key] = Counter()
    for r in results:
        rel = _rel(base, r.path)
        for msg, findings in r.messages:
            out.update((rel, msg.id, f.rule, f.text) for f in findings)
    return out


def dumps(counts: Counter[Key]) -> str:
    """Sorted, one entry per line group, so a review diff shows exactly what was added or fixed."""
    entries = [
        {"path": p, "message_id": m, "rule": r, "text": t, "count": n} for (p, m, r, t), n in sorted(counts.items())
    ]
    return json.dumps({"version": VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n"


def write(path: Path, counts: Counter[Key]) -> int:
    """Record ``counts`` (from ``keys``) in ``path``; returns how many findings were recorded."""
    path.write_text(dumps(counts), encoding="utf-8", newline="\n")
    return sum(counts.values())


def load(path: Path) -> Counter[Key]:
    """Read a baseline; a missing or malformed file is an InputError naming it."""
    if not path.is_file():
        raise InputError(path, None, "baseline not found; create it with --write-baseline")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as e:
        raise InputError(path, None, f"baseline is not UTF-8 (byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise InputError(path, e.lineno, f"baseline is not valid JSON: {e.msg}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise InputError(path, None, f'not a cxlint baseline: expected {{"version": {VERSION}, "findings": [...]}}')
    out: Counter[Key] = Counter()
    fields = ("path", "message_id", "rule", "text")
    for n, e in enumerate(data["findings"], 1):
        ok = isinstance(e, dict) and all(isinstance(e.get(k), str) for k in fields)
        count = e.get("count", 1) if ok else None
        if not ok or not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise InputError(
                path, None, f"baseline entry {n} needs path, message_id, rule, text strings and a count ≥ 1"
            )
        out[(e["path"], e["message_id"], e["rule"], e["text"])] += count
    return out


class Filter:
    """The baseline as a step of the ``cxlint check`` stream: ``step`` drops the findings the
    baseline knows, up to each entry's count, message by message; ``watch`` passes the results
    through and, once the last is read, counts the entries no finding matched."""

    def __init__(self, path: Path, counts: Counter[Key]):
        self.left = Counter(counts)
        self.applied = Applied(path)
        self._shown: str | None = None
        self._rel = ""

    def step(self, shown: str, msg, findings: list) -> list:
        if shown != self._shown:
            self._shown, self._rel = shown, _rel(self.applied.path.parent, shown)
        kept = []
        for f in findings:
            k = (self._rel, msg.id, f.rule, f.text)
            if self.left[k] > 0:
                self.left[k] -= 1
                self.applied.hidden += 1
            else:
                kept.append(f)
        return kept

    def watch(self, results):
        done = []  # one per file, its messages already read: the paths and errors are all that is left
        for r in results:
            done.append(r)
            yield r
        # only files checked in this run can have fixed entries: a run over one folder says nothing of others
        checked = {_rel(self.applied.path.parent, r.path) for r in done if not r.error}
        self.applied.fixed = sum(n for (p, *_), n in self.left.items() if p in checked and n > 0)
